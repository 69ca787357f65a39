import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);
import{a as t}from"./chunk-UTHW75TT.js";function a(n){return n==null?"":String(n).replace(/\\/g,"\\\\").replace(/\|/g,"\\|").replace(/\r\n|\r|\n/g,"<br>").trim()}t(a,"escapeCell");var c={left:":---",center:":---:",right:"---:"};function s(n,r,l=[]){if(n.length===0)throw new Error("markdownTable: at least one column is needed");let o=t(e=>`| ${e.map(a).join(" | ")} |`,"line"),g=[o(n),`| ${n.map((e,i)=>c[l[i]??"left"]).join(" | ")} |`];return r.forEach((e,i)=>{if(e.length>n.length)throw new Error(`markdownTable: row ${i+1} has ${e.length} cells, the header has ${n.length}`);g.push(o([...e,...Array(n.length-e.length).fill("")]))}),`${g.join(`
`)}
`}t(s,"markdownTable");function p(n){return n.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;").replace(/"/g,"&quot;")}t(p,"escapeHtml");function u(n,r,l={}){return`<details${l.open?" open":""}>
<summary>${p(n)}</summary>

${r.trimEnd()}

</details>
`}t(u,"details");export{a,s as b,p as c,u as d};
