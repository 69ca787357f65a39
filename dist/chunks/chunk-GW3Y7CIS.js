import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);
import{a as t}from"./chunk-ROIE3YBC.js";import{l as m,t as n}from"./chunk-7SJESJY3.js";import{a as o}from"./chunk-UTHW75TT.js";var d=m(t,"AmazonEC2","EC2Client",n),g={},C=o((r,e,p,i)=>[],"_mw0");export{d as a,g as b,C as c};
