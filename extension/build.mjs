// Copies the protocol client and styles the two faces share (overlay/lib/, served by the daemon at
// /overlay/lib/) into extension/lib/, so the unpacked extension is complete. Run by `npm run build`
// and before `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const from = path.join(here, '..', 'overlay', 'lib');
const to = path.join(here, 'lib');
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const name of fs.readdirSync(from)) {
  const comment = name.endsWith('.js') ? (t) => `// ${t}` : name.endsWith('.css') ? (t) => `/* ${t} */` : null;
  if (!comment) continue;
  const text = fs.readFileSync(path.join(from, name), 'utf8');
  fs.writeFileSync(path.join(to, name), `${comment(`Generated from overlay/lib/${name} by extension/build.mjs: edit that file, not this one.`)}\n${text}`);
}
console.log(`copied overlay/lib/*.{js,css} into ${path.relative(process.cwd(), to) || to}`);
