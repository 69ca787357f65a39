import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);
import{k as r,l as o}from"./chunk-ABSAY66F.js";import{a as n}from"./chunk-UTHW75TT.js";function a(e,t){r(e,JSON.stringify(t))}n(a,"saveState");function s(e){let t=o(e);if(t!=="")return JSON.parse(t)}n(s,"getState");export{a,s as b};
