// Entry point run by bin/bulwark.js.
import { main } from './program.js';

const code = await main(process.argv);
// One-shot commands end here; exit once stdout has drained so a big JSON report into a pipe is
// not cut short, and so idle keep-alive sockets cannot hold the process open.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
