// Trunk post_build hook (Trunk.toml): release builds minify wasm-bindgen's JS loaders (the page's
// zkplay-app.js and the library's zkplay.js) with terser, since trunk's own minifier gives up on
// their `export default`: 8.6 → 6.2 kB gzip each. Exported names (`default`, `mount`, …) stay,
// so embed.html and the docs pages load zkplay.js as before; index.html gets the new
// subresource-integrity digest of what it loads.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const terserPath = join(root, '.tools/node_modules/terser/main.js');
if (!existsSync(terserPath)) {
  console.error(`minify-js: ${terserPath} is missing (run scripts/setup.sh); zkplay.js stays as it is`);
  process.exit(0);
}
const { minify } = await import(pathToFileURL(terserPath).href);
const staging = process.env.TRUNK_STAGING_DIR;
const htmlPath = join(staging, 'index.html');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

let html = readFileSync(htmlPath, 'utf8');
for (const name of ['zkplay-app.js', 'zkplay.js']) {
  const jsPath = join(staging, name);
  if (!existsSync(jsPath)) continue;
  const source = readFileSync(jsPath, 'utf8');
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  writeFileSync(jsPath, code);
  html = html.split(sri(source)).join(sri(code));
}
writeFileSync(htmlPath, html);
