// Entry point run by bin/bulwark.js.
//
// `bulwark --version` (and `-v`) is answered here, before commander and the command modules load:
// scripts and CI set-up steps call it often, and loading commander alone (it pulls in
// child_process and streams) costs more than Node's own start-up. Everything else goes through
// the program, which commander parses in full.
import { VERSION } from '../core/version.js';

const args = process.argv.slice(2);
let code: number;
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
  code = 0;
} else {
  const { main } = await import('./program.js');
  code = await main(process.argv);
}
// One-shot commands end here; exit once stdout has drained so a big JSON report into a pipe is
// not cut short, and so idle keep-alive sockets cannot hold the process open.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
