/**
 * Options through which ordinary tools run another command (the GTFOBins classes): `tar --to-command`,
 * `rsync -e`, `ssh -o ProxyCommand`, `awk 'BEGIN{system(...)}'`, `npx -c`, `watch`, `vim -c '!...'`.
 * The embedded command is re-parsed when it is static, and always raises an ask concern.
 */
import type { ResolvedWord } from './words';

export interface EmbeddedCommand {
  /** The option that carries it, for the message (e.g. `--to-command`). */
  option: string;
  /** The command text when it is one word we can re-parse; undefined when it cannot be isolated. */
  code: ResolvedWord | undefined;
}

/** `--name=value`, `--name value`, `-x value` or `-xvalue` forms of one option. */
function optionArgs(argv: readonly ResolvedWord[], names: readonly string[]): EmbeddedCommand[] {
  const found: EmbeddedCommand[] = [];
  argv.forEach((word, i) => {
    for (const name of names) {
      if (word.value === name) found.push({ option: name, code: argv[i + 1] });
      else if (name.startsWith('--') && word.value.startsWith(`${name}=`)) found.push({ option: name, code: { ...word, value: word.value.slice(name.length + 1) } });
      else if (/^-[a-zA-Z]$/.test(name) && word.value.startsWith(name) && word.value.length > 2 && !word.value.startsWith('--')) {
        found.push({ option: name, code: { ...word, value: word.value.slice(2) } });
      }
    }
  });
  return found;
}

function sshOptions(argv: readonly ResolvedWord[]): EmbeddedCommand[] {
  const values = optionArgs(argv, ['-o']).map((o) => o.code).filter((w): w is ResolvedWord => !!w);
  return values.flatMap((w) => {
    const m = /^(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*[= ]\s*(.*)$/is.exec(w.value);
    return m ? [{ option: `-o ${m[1]}`, code: { ...w, value: m[2] as string } }] : [];
  });
}

function tarOptions(argv: readonly ResolvedWord[]): EmbeddedCommand[] {
  const direct = optionArgs(argv, ['--to-command', '--use-compress-program', '-I', '--info-script', '-F', '--new-volume-script', '--rsh-command', '--rmt-command']);
  const checkpoint = argv.filter((w) => /^--checkpoint-action=(exec|shell)/.test(w.value)).map((w) => ({
    option: '--checkpoint-action', code: { ...w, value: w.value.replace(/^--checkpoint-action=(exec|shell)=?/, '') },
  }));
  return [...direct, ...checkpoint];
}

/** awk programs can run commands (`system()`, `"cmd" | getline`, `print | "cmd"`); their text is not shell. */
function awkProgram(argv: readonly ResolvedWord[]): EmbeddedCommand[] {
  const runs = argv.slice(1).some((w) => /\bsystem\s*\(|\|\s*getline|\|&|print[^;}]*\|\s*"/.test(w.value));
  return runs ? [{ option: 'system()/pipes in the awk program', code: undefined }] : [];
}

function editorCommands(argv: readonly ResolvedWord[]): EmbeddedCommand[] {
  const shellEscape = argv.some((w, i) => (w.value.startsWith('+') || argv[i - 1]?.value === '-c' || argv[i - 1]?.value === '--cmd') && /!|\bsystem\(|:!|term/.test(w.value));
  return shellEscape ? [{ option: 'a shell escape in editor commands', code: undefined }] : [];
}

const BY_PROGRAM: Record<string, (argv: readonly ResolvedWord[]) => EmbeddedCommand[]> = {
  tar: tarOptions, gtar: tarOptions, bsdtar: tarOptions,
  rsync: (argv) => optionArgs(argv, ['-e', '--rsh', '--rsync-path']),
  ssh: sshOptions, scp: (argv) => [...sshOptions(argv), ...optionArgs(argv, ['-S'])], sftp: (argv) => [...sshOptions(argv), ...optionArgs(argv, ['-S'])],
  awk: awkProgram, gawk: awkProgram, mawk: awkProgram, nawk: awkProgram,
  zip: (argv) => optionArgs(argv, ['-TT', '--unzip-command']),
  npx: (argv) => optionArgs(argv, ['-c', '--call']),
  vim: editorCommands, vi: editorCommands, nvim: editorCommands, ex: editorCommands,
  script: (argv) => optionArgs(argv, ['-c', '--command']),
  git: (argv) => optionArgs(argv, ['--upload-pack', '--receive-pack']),
  // `trap CODE SIGNAL...` runs CODE later in this shell (on EXIT, ERR, DEBUG ...).
  trap: (argv) => (argv[1] && !argv[1].value.startsWith('-') && argv.length > 2 ? [{ option: 'a trap handler', code: argv[1] }] : []),
};

/** `watch [-n N] cmd args…` and `npm exec -c` run their arguments through `sh -c`. */
export function embeddedCommands(program: string, argv: readonly ResolvedWord[]): EmbeddedCommand[] {
  if (program === 'watch') {
    let i = 1;
    while (i < argv.length && (argv[i] as ResolvedWord).value.startsWith('-')) i += ['-n', '--interval', '-d'].includes((argv[i] as ResolvedWord).value) && (argv[i] as ResolvedWord).value !== '-d' ? 2 : 1;
    const rest = argv.slice(i);
    if (rest.length === 0) return [];
    return [{ option: 'its arguments', code: { ...(rest[0] as ResolvedWord), value: rest.map((w) => w.value).join(' '), dynamic: rest.some((w) => w.dynamic) } }];
  }
  return BY_PROGRAM[program]?.(argv) ?? [];
}
