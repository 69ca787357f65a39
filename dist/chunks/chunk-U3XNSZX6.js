import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);
import{a as t}from"./chunk-UTHW75TT.js";var r=/^\/[A-Za-z0-9._/-]+$/;function i(e){let n=e.trim();return/^[0-9a-f]{64}$/i.test(n)?n.toLowerCase():void 0}t(i,"normaliseFingerprint");export{r as a,i as b};
