// Makes sure the browser tests have a Chromium: Debian's package, installed when missing.
// No test tool downloads a browser of its own. Set CHROMIUM_PATH to use another build.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) {
  console.log(`chromium: ${path}`);
  process.exit(0);
}
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const hasSudo = (() => {
  try {
    execSync('command -v sudo', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!existsSync('/usr/bin/apt-get') || (!root && !hasSudo)) {
  console.error(`No Chromium at ${path}. Install Debian's "chromium" package (or set CHROMIUM_PATH) and run the tests again.`);
  process.exit(1);
}
const sudo = root ? '' : 'sudo ';
console.log('chromium: installing Debian\'s "chromium" package (once)…');
execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null`, { stdio: 'inherit', shell: '/bin/bash' });
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
console.log(`chromium: ${path}`);
