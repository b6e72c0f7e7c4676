import { createSigner } from 'fast-jwt';
import { ConfigError, loadConfig } from '../config.js';
import { isPrivilegedRole } from '../plugins/dev-tokens.js';

// Prints a development token for `npm run token -- <sub> [email] [role]`, signed with the same
// secret as the server (JWT_SECRET, or this installation's development secret in DATA_DIR).
const [sub, email, role] = process.argv.slice(2);
if (!sub) {
  process.stderr.write('usage: npm run token -- <sub> [email] [role]\n');
  process.exit(2);
}
if (role !== undefined && isPrivilegedRole(role)) {
  process.stderr.write('A development token cannot carry an admin role\n');
  process.exit(2);
}
let config;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
if (!config.DEV_TOKENS) {
  process.stderr.write('DEV_TOKENS is off (production, or a non-loopback HOST without DEV_TOKENS=on): refusing to mint tokens\n');
  process.exit(1);
}
const sign = createSigner({ key: config.JWT_SECRET, algorithm: 'HS256', expiresIn: 7 * 24 * 3600 * 1000 });
process.stdout.write(`${sign({ sub, ...(email ? { email } : {}), ...(role ? { role } : {}) })}\n`);
