// Reads URLs (one a line) and prints, as JSON, what @ampproject/toolbox-cache-url makes of each.
const cacheUrl = require('@ampproject/toolbox-cache-url');
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
(async () => {
  const out = [];
  for (const url of lines) {
    out.push({url, cache: await cacheUrl.createCacheUrl('cdn.ampproject.org', url)});
  }
  console.log(JSON.stringify(out, null, 1));
})();
