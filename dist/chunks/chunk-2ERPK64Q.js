import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);
import{a,c,e as p,f as u,g as m,h as f,i as d,j as h,p as t}from"./chunk-CMISW6OY.js";import{a as e}from"./chunk-UTHW75TT.js";var y={info(n){d(t(n))},debug(n){p(t(n))},warning(n,r){m(t(n),r)},error(n,r){u(t(n),r)},notice(n,r){f(t(n),r)},async group(n,r){return h(t(n),r)}};function P(n,r){c(n,typeof r=="string"?t(r):String(r))}e(P,"setOutput");async function T(n){process.env.GITHUB_STEP_SUMMARY&&await a.addRaw(t(n),!0).write()}e(T,"appendSummary");function $(n){return n==null?"":String(n).replace(/\\/g,"\\\\").replace(/\|/g,"\\|").replace(/\r\n|\r|\n/g,"<br>").trim()}e($,"escapeCell");var b={left:":---",center:":---:",right:"---:"};function E(n,r,i=[]){if(n.length===0)throw new Error("markdownTable: at least one column is needed");let l=e(o=>`| ${o.map($).join(" | ")} |`,"line"),s=[l(n),`| ${n.map((o,g)=>b[i[g]??"left"]).join(" | ")} |`];return r.forEach((o,g)=>{if(o.length>n.length)throw new Error(`markdownTable: row ${g+1} has ${o.length} cells, the header has ${n.length}`);s.push(l([...o,...Array(n.length-o.length).fill("")]))}),`${s.join(`
`)}
`}e(E,"markdownTable");function x(n){return n.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;").replace(/"/g,"&quot;")}e(x,"escapeHtml");function R(n,r,i={}){return`<details${i.open?" open":""}>
<summary>${x(n)}</summary>

${r.trimEnd()}

</details>
`}e(R,"details");export{y as a,P as b,T as c,$ as d,E as e,x as f,R as g};
