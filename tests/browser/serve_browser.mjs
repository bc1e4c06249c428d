// serve_browser.mjs: a user's walk through `lexcn serve` in Debian's
// chromium, headless (playwright-core): search 政府采购 预留, filter by
// jurisdiction, open a hit, follow a citation, open "cited by", the diff
// of the two 保障中小企业款项支付条例 versions, a compare table of the SME
// statutes and its CSV.  Each step asserts what is on the page and leaves
// a screenshot in $OUT.  Environment: CHROMIUM, LEXCN, DB, OUT.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const { chromium } = require('./node_modules/playwright-core');

const { CHROMIUM, LEXCN, DB, OUT } = process.env;

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(LEXCN, ['serve', '--db', DB, '--listen', '127.0.0.1:0'],
                    { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/on (http:\/\/[^\s]+)/);
      if (m) resolve({ p, url: m[1] });
    });
    p.on('exit', (c) => reject(new Error(`lexcn serve exited ${c}`)));
  });
}

let step = 0;
async function shot(page, name) {
  step++;
  const file = path.join(OUT, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  console.log(`  ok ${step} ${name} (${file})`);
}

const { p: server, url } = await startServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  const ctx = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN',
                                         viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // 1. search
  await page.goto(url);
  await page.fill('input[name=q]', '政府采购 预留');
  await Promise.all([page.waitForURL(/\/search\?/), page.press('input[name=q]', 'Enter')]);
  assert.match(await page.textContent('p.count'), /^5 条结果/);
  assert.equal(await page.locator('.hit').count(), 5);
  assert.ok(await page.locator('.hit mark').count() > 0, 'highlights');
  await shot(page, 'search');

  // 2. filter by jurisdiction
  await Promise.all([page.waitForURL(/jurisdiction=/),
                     page.click('aside.facets a:has-text("中华人民共和国")')]);
  const n = await page.locator('.hit').count();
  assert.ok(n >= 1 && n < 5, `hits after the filter: ${n}`);
  for (const m of await page.locator('.hit .meta').allTextContents())
    assert.ok(m.startsWith('中华人民共和国'), m);
  await shot(page, 'filtered');

  // 3. open a hit: the article it names is the target
  const href = await page.getAttribute('.hit a', 'href');
  await Promise.all([page.waitForURL(/\/doc\//), page.click('.hit a')]);
  const eid = decodeURIComponent(href.split('#')[1]);
  assert.ok(await page.locator(`[id="${eid}"]`).isVisible(), `hit ${eid} shown`);
  assert.ok(await page.locator('nav.outline a').count() > 5, 'outline');
  assert.match(await page.textContent('h1'), /中小企业促进法/);
  await shot(page, 'document');

  // 4. follow a citation to the cited article (Shenzhen's 第四十六条
  //    cites 第四十五条第三项 of itself)
  await page.goto(url + 'doc/' + encodeURIComponent('深圳经济特区中小企业发展促进条例') + '#art_46');
  const cite = page.locator('#art_46 a.cite').first();
  assert.match(await cite.textContent(), /第四十五条第三项/);
  await cite.click();
  await page.waitForURL(/#art_45__para_1__item_3$/);
  const target = page.locator('[id="art_45__para_1__item_3"]');
  assert.ok(await target.isVisible());
  assert.equal(await page.evaluate(() => document.querySelector(':target').id),
               'art_45__para_1__item_3');
  await shot(page, 'citation-target');

  // 5. "cited by" of 第四十五条
  const by = page.locator('#art_45 details.citedby');
  assert.match(await by.locator('summary').textContent(), /被引用 \d+ 处/);
  await by.locator('summary').click();
  const byLink = by.locator('a').first();
  assert.ok(await byLink.isVisible(), 'cited-by list open');
  assert.match(await byLink.getAttribute('href'), /#art_46/);
  await shot(page, 'cited-by');

  // 5b. a defined term marked with its definition (the tooltip of an
  //     <abbr>) and the article that defines it
  await page.goto(url + 'doc/' + encodeURIComponent('上海市促进中小企业发展条例@2018-05-24'));
  const term = page.locator('#art_3 abbr.term:has-text("中小企业")').first();
  assert.match(await term.getAttribute('title'), /^第二条：在本市行政区域内依法设立的/);
  assert.ok(await page.locator('#art_2 dfn.term').count() > 0, 'the defining occurrence');
  await term.hover();
  await shot(page, 'defined-term');

  // 5c. the jurisdiction facet: a province holds its cities; filtering
  //     by the province or a city; then a date range
  await page.goto(url + 'search?q=' + encodeURIComponent('条例'));
  const gd = page.locator('aside.facets details:has(> summary a:has-text("广东省"))');
  const gdCount = Number((await gd.locator('summary').textContent()).match(/广东省 (\d+)/)[1]);
  assert.ok(!(await gd.getAttribute('open')) && gdCount > 0, 'a closed province');
  await gd.locator('summary').click({ position: { x: 2, y: 5 } });
  const city = gd.locator('ul a:has-text("深圳市")');
  assert.ok(await city.isVisible(), 'the cities shown when the province opens');
  await Promise.all([page.waitForURL(/in=%E6%B7%B1%E5%9C%B3/), city.click()]);
  for (const m of await page.locator('.hit .meta').allTextContents())
    assert.ok(m.startsWith('深圳市'), m);
  await Promise.all([page.waitForURL(/in=%E5%B9%BF%E4%B8%9C/),
                     page.click('aside.facets summary a:has-text("广东省")')]);
  assert.match(await page.textContent('p.count'), new RegExp(`^${gdCount} 条结果`));
  assert.equal(await page.getAttribute('aside.facets details:has(> summary a.on)', 'open'), '');
  await page.goto(url + 'search?q=' + encodeURIComponent('条例') + '&in=' +
                  encodeURIComponent('北京市'));
  const before = await page.locator('.hit').count();
  await page.fill('input[name=effective_from]', '2021-01-01');
  await Promise.all([page.waitForURL(/effective_from=2021-01-01/),
                     page.click('form.dates button')]);
  assert.match(page.url(), /in=%E5%8C%97%E4%BA%AC/, 'the place filter kept');
  const after = await page.locator('.hit .meta').allTextContents();
  assert.ok(after.length >= 1 && after.length < before, `hits ${before} -> ${after.length}`);
  for (const m of after) {
    const d = m.match(/\d{4}-\d{2}-\d{2}/);
    assert.ok(m.startsWith('北京市') && d && d[0] >= '2021-01-01', m);
  }
  await shot(page, 'province-dates');

  // 6. the diff of the two 保障中小企业款项支付条例 versions, from the
  //    versions of the new one
  await page.goto(url + 'doc/' + encodeURIComponent('保障中小企业款项支付条例@2025-03-17'));
  await Promise.all([page.waitForURL(/\/diff\?/), page.click('a:has-text("修改前后对照")')]);
  assert.match(await page.textContent('h1'), /保障中小企业款项支付条例 修改前后对照表/);
  assert.match(await page.textContent('main'), /19 modified/);
  assert.ok(await page.locator('del').count() > 0 && await page.locator('ins').count() > 0);
  await shot(page, 'diff');

  // 7. a compare table of the SME statutes (the documents of a search),
  //    and its CSV
  await page.goto(url + 'search?q=' + encodeURIComponent('中小企业 title:中小企业'));
  await Promise.all([page.waitForURL(/\/compare\?/), page.click('a:has-text("对照这些结果所在的法规")')]);
  assert.match(await page.textContent('h1'), /条文对照/);
  const rows = await page.locator('table tr').count();
  assert.ok(rows > 10, `compare rows: ${rows}`);
  await shot(page, 'compare');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("下载 CSV")')]);
  const csvPath = path.join(OUT, 'compare.csv');
  await dl.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  assert.match(csv, /^\uFEFF"主题"/);
  assert.ok(csv.split('\r\n').length > 10, 'CSV rows');
  assert.match(csv, /中小企业促进法/);
  console.log(`  ok ${++step} csv (${csvPath}, ${csv.split('\r\n').length - 1} rows)`);

  assert.deepEqual(errors, [], 'errors in the page');
} catch (e) {
  failed = true;
  console.error('browser test FAILED:', e.message);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(`browser tests: ${failed ? 'FAILED' : 'passed'} (${step} steps; screenshots in ${OUT})`);
process.exit(failed ? 1 : 0);
