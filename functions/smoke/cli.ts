// `npm run smoke -- --url https://… --key spk_… --department D01 [--region-code 370303001000] [--no-web]`
// After a deployment: checks the dashboard, the API, and that a record posted with a department
// key is stored and read back (then voids it). Exit code 0 when every step passed. See docs/deploy.md.
import { parseArgs } from 'node:util';
import { runSmoke } from './smoke.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    key: { type: 'string' },
    department: { type: 'string' },
    'region-code': { type: 'string', default: '370300000000' },
    'no-web': { type: 'boolean', default: false },
  },
});
const key = values.key ?? process.env.SERVICEPULSE_KEY;
if (!values.url || !key || !values.department) {
  console.error(
    'usage: npm run smoke -- --url https://<domain> --key <spk_… or $SERVICEPULSE_KEY> --department <code> [--region-code <12 digits in the city>] [--no-web]',
  );
  process.exit(2);
}
const r = await runSmoke({
  baseUrl: values.url,
  key,
  department: values.department,
  regionCode: values['region-code']!,
  checkWeb: !values['no-web'],
  log: (line) => console.log(line),
});
console.log(r.ok ? `smoke test passed 冒烟测试通过 (${r.recordId})` : 'smoke test FAILED 冒烟测试失败');
process.exit(r.ok ? 0 : 1);
