// The dashboard's stylesheet, inlined with the CSP nonce (no asset pipeline, nothing fetched from outside).
export const STYLES = `
:root { --fg:#1b2430; --muted:#5b6778; --line:#d8dee6; --bg:#f6f8fa; --accent:#0b5cad; --bad:#b42318; --ok:#1a7f37; --warn:#9a6700; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 system-ui, "Segoe UI", Roboto, Arial, sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px; }
header.top { display:flex; gap:16px; align-items:center; padding:8px 16px; background:#fff; border-bottom:1px solid var(--line); flex-wrap:wrap; }
.brand { font-weight:700; text-decoration:none; color:var(--fg); } .brand small { font-weight:400; color:var(--muted); }
.langs a, .langs strong { margin-right:6px; text-transform:uppercase; font-size:13px; }
.who { margin-left:auto; display:flex; gap:8px; align-items:center; }
form.inline { display:inline; margin:0; }
nav.menu { display:flex; gap:2px; padding:0 16px; background:#fff; border-bottom:1px solid var(--line); flex-wrap:wrap; }
nav.menu a { padding:8px 10px; text-decoration:none; color:var(--fg); border-bottom:3px solid transparent; }
nav.menu a.active { border-bottom-color:var(--accent); font-weight:600; }
main { padding:16px; max-width:1400px; }
h1 { font-size:22px; margin:4px 0 16px; } h2 { font-size:17px; margin:20px 0 8px; }
table { border-collapse:collapse; background:#fff; width:100%; }
th, td { border:1px solid var(--line); padding:5px 8px; text-align:left; vertical-align:top; }
th { background:#eef2f6; font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
.notice { padding:8px 12px; border-radius:4px; border:1px solid var(--line); background:#fff; }
.notice.error { border-color:var(--bad); color:var(--bad); } .notice.ok { border-color:var(--ok); color:var(--ok); }
form.card, .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:16px; max-width:520px; }
form.card label { display:block; margin:10px 0 4px; font-weight:600; }
form.card input[type=text], form.card input[type=password], form.card input:not([type]) { width:100%; padding:7px; font:inherit; }
button, .button { font:inherit; padding:6px 14px; border:1px solid var(--accent); background:var(--accent); color:#fff; border-radius:4px; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); }
.state { display:inline-block; padding:1px 6px; border-radius:10px; font-size:12px; background:#eef2f6; white-space:nowrap; }
.state.invalid, .state.rejected, .state.dead, .state.held, .state.unknown-outcome { background:#fde2e1; color:var(--bad); }
.state.executed, .state.accepted, .state.signed, .state.completed { background:#dcf5e3; color:var(--ok); }
.filters { display:flex; gap:8px; flex-wrap:wrap; align-items:end; margin-bottom:12px; }
.filters label { display:flex; flex-direction:column; font-size:13px; color:var(--muted); }
.grid { display:grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap:12px; }
.tile { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px; }
.tile .n { font-size:24px; font-weight:700; }
.muted { color:var(--muted); } .mono { font-family: ui-monospace, Consolas, monospace; font-size:13px; word-break:break-all; }
.help-body section.focus { outline:3px solid #f0b429; outline-offset:4px; }
.help-body { background:#fff; border:1px solid var(--line); padding:16px 20px; max-width:900px; }
dl.req { display:grid; grid-template-columns: 220px 1fr; gap:4px 12px; background:#fff; padding:12px; border:1px solid var(--line); }
dl.req dt { color:var(--muted); } dl.req dd { margin:0; }
.sign-box { margin-top:12px; } .sign-box label { display:block; margin:10px 0 4px; font-weight:600; }
.sign-box select, .sign-box input[type=password] { width:100%; padding:7px; font:inherit; }
form.card textarea, form.card select { width:100%; padding:7px; font:inherit; }
form.card fieldset { border:0; padding:0; margin:10px 0 0; } form.card legend { font-weight:600; padding:0; }
form.card label.inline-choice { display:inline; font-weight:400; margin-right:16px; }
form.card.wide, .card.wide { max-width:760px; }
.field-error { display:block; color:var(--bad); font-size:13px; margin-top:2px; }
.envelope .secret { font-size:18px; font-weight:700; letter-spacing:1px; }
.letter-body { white-space:pre-wrap; margin:6px 0; }
pre.config { background:#fff; border:1px solid var(--line); padding:12px; overflow:auto; font-size:13px; }
table.narrow { width:auto; } .actions form { margin-right:6px; } .pager { margin:8px 0; } .filters.spaced { margin-top:12px; }
svg.chart { width:100%; max-width:900px; height:auto; background:#fff; border:1px solid var(--line); } svg.chart .bar { fill:var(--accent); }
svg.chart .axis { stroke:var(--line); } svg.chart .tick { font-size:11px; fill:var(--muted); }
.pager { display:flex; gap:16px; margin:10px 0; } ul.alerts { padding-left:20px; } ul.alerts li { margin:4px 0; color:var(--bad); }
.filters input[aria-invalid=true] { outline:2px solid var(--bad); }
table.docs td:nth-child(1), table.docs td:nth-child(6), table.docs td:nth-child(8) { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
table.docs td:nth-child(4), table.docs td small { font-family: ui-monospace, Consolas, monospace; font-size:13px; } table.docs td small { color:var(--muted); }
`;
