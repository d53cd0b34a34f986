/** The owner page's only stylesheet (served at /a/owner.css: the CSP allows no inline style). */
export const OWNER_CSS = `
:root { color-scheme: light; --ink: #1b1f23; --muted: #57606a; --accent: #0a7d55; --bad: #b42318; --line: #d0d7de; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
header, main, footer { max-width: 40rem; margin: 0 auto; padding: 1rem; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
header strong { font-size: 1.1rem; }
nav ul { list-style: none; display: flex; gap: .75rem; margin: 0; padding: 0; flex-wrap: wrap; }
nav a[aria-current] { font-weight: 700; text-decoration: none; color: var(--ink); }
a { color: #0550ae; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
section > h2:first-child { margin-top: 0; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 0 0 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
ol { padding-left: 1.25rem; }
.notice { border-left: 4px solid var(--accent); }
.notice.error { border-left-color: var(--bad); }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
input[type=text] { font: inherit; font-size: 1.5rem; letter-spacing: .3em; width: 100%; max-width: 12rem; padding: .5rem; border: 1px solid var(--muted); border-radius: 6px; }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 .75rem; }
button { font: inherit; padding: .65rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; min-height: 44px; }
button.secondary { background: #fff; color: var(--accent); }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .75rem; }
fieldset { border: 0; padding: 0; margin: 0; }
.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
footer { color: var(--muted); font-size: .9rem; }
`;
