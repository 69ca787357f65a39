import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);
import{a as t}from"./chunk-UTHW75TT.js";function a(n,i){return async o=>{let s=await n();await(await i())(s,o)}}t(a,"inputsFirst");export{a};
