// Makes sure the server's tests have a PostgreSQL server to start: Debian's package, installed when
// missing (as Chromium is). The tests start their own cluster in a temporary folder (initdb/pg_ctl),
// never a system service. Set PG_BIN to a folder with initdb and pg_ctl to use another build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The folder holding initdb and pg_ctl: PG_BIN, else Debian's newest /usr/lib/postgresql/<version>/bin. */
export function pgBin() {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  let bin = pgBin();
  if (!bin) {
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
      console.error('No PostgreSQL server (initdb, pg_ctl) found. Install Debian\'s "postgresql" package (or set PG_BIN) and run the tests again.');
      process.exit(1);
    }
    const sudo = root ? '' : 'sudo ';
    console.log('postgresql: installing Debian\'s "postgresql" package (once; no service is started)…');
    // policy-rc.d 101: the package's own cluster and service are not started; the tests start their own.
    // (A policy-rc.d of the machine's own is left as it is.)
    const install = `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null`;
    const policy = '/usr/sbin/policy-rc.d';
    execSync(
      existsSync(policy) ? install : `${sudo}sh -c 'printf "#!/bin/sh\\nexit 101\\n" > ${policy} && chmod +x ${policy}'; ${install}; status=$?; ${sudo}rm -f ${policy}; exit $status`,
      { stdio: 'inherit', shell: '/bin/bash' },
    );
    bin = pgBin();
    if (!bin) {
      console.error('apt-get finished but no initdb was found under /usr/lib/postgresql.');
      process.exit(1);
    }
  }
  console.log(`postgresql: ${bin}`);
}
