import { createSigner } from 'fast-jwt';
import { loadConfig } from '../config.js';

// Prints a development token for `npm run token -- <sub> [email] [role]`.
const [sub, email, role] = process.argv.slice(2);
if (!sub) {
  process.stderr.write('usage: npm run token -- <sub> [email] [role]\n');
  process.exit(2);
}
const config = loadConfig();
if (!config.DEV_TOKENS) {
  process.stderr.write('DEV_TOKENS is off: refusing to mint tokens\n');
  process.exit(1);
}
const sign = createSigner({ key: config.JWT_SECRET, algorithm: 'HS256', expiresIn: 7 * 24 * 3600 * 1000 });
process.stdout.write(`${sign({ sub, ...(email ? { email } : {}), ...(role ? { role } : {}) })}\n`);
