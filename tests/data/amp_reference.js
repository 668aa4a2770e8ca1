// Reads URLs (one a line) and prints, as JSON, what @ampproject/toolbox-cache-url makes of each:
// its cache URL, or the error it raises.
const cacheUrl = require('@ampproject/toolbox-cache-url');
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
(async () => {
  const out = [];
  for (const url of lines) {
    try {
      out.push({url, cache: await cacheUrl.createCacheUrl('cdn.ampproject.org', url)});
    } catch (error) {
      out.push({url, error: String(error.message)});
    }
  }
  console.log(JSON.stringify(out, null, 1));
})();
