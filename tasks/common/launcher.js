'use strict';
// Pipewise task launcher: a small, dependency-free shim that the Azure Pipelines Node handler runs.
// It finds the pipewise binary, turns the task inputs (INPUT_* variables) into command-line flags,
// hands secrets over only through environment variables (never flags), masks them, runs the binary and
// maps its exit code to the task result. It does not load azure-pipelines-task-lib, so the INPUT_* and
// ENDPOINT_* variables stay in the environment the binary inherits.

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');
const installer = require('./installer');

/** Escapes a logging-command value or data (agent CommandStringConvertor rules). */
function escapeData(value) {
  return String(value)
    .replace(/%/g, '%AZP25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/;/g, '%3B')
    .replace(/]/g, '%5D');
}

/** Makes untrusted text safe as the data of a human-readable command: no line breaks, no '##'. */
function plain(text) {
  return String(text).replace(/[\r\n\u0085\u2028\u2029]/g, ' ').replace(/##/g, '#\u200B#');
}

function command(name, properties, data) {
  const props = Object.entries(properties || {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${escapeData(v)}`)
    .join(';');
  return `##vso[${name}${props ? ' ' + props : ''}]${escapeData(data === undefined ? '' : data)}`;
}

/** The environment name of a task input, as the agent sets it (ConvertToEnvVariableFormat). */
function inputVariable(name) {
  return 'INPUT_' + name.replace(/[. ]/g, '_').toUpperCase();
}

function getInput(env, name) {
  const value = env[inputVariable(name)];
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed.length === 0 ? undefined : trimmed;
}

function getBool(env, name, fallback) {
  const value = getInput(env, name);
  if (value === undefined) return fallback;
  return /^(true|yes|1|on)$/i.test(value);
}

/** True for a store spec that carries a credential (connection string with a key, SAS URL). */
function storeHasSecret(spec) {
  return /AccountKey=|SharedAccessSignature=|[?&]sig=/i.test(spec || '');
}

/** The .NET runtime identifier for a Node platform/arch pair. */
function runtimeId(platform, arch) {
  const os = platform === 'win32' ? 'win' : platform === 'darwin' ? 'osx' : 'linux';
  const cpu = arch === 'arm64' ? 'arm64' : 'x64';
  return `${os}-${cpu}`;
}

/**
 * Finds the pipewise binary. Order: the pipewisePath input, PIPEWISE_BIN, the binary bundled in the task
 * (bin/<rid>/pipewise[.exe]), a framework-dependent bundle (bin/any/pipewise.dll, run with dotnet), the PATH
 * (a .NET global tool), then ~/.dotnet/tools. Returns {command, prefixArgs, source} or null.
 * Everything the lookup depends on is a parameter, so Windows paths can be tested anywhere.
 */
function findBinary(options) {
  const env = options.env || {};
  const platform = options.platform || process.platform;
  const arch = options.arch || process.arch;
  const exists = options.exists || ((p) => { try { return fs.statSync(p).isFile(); } catch { return false; } });
  const p = platform === 'win32' ? path.win32 : path.posix;
  const exe = platform === 'win32' ? 'pipewise.exe' : 'pipewise';
  const taskDir = options.taskDir;

  const explicit = getInput(env, 'pipewisePath') || (env.PIPEWISE_BIN && String(env.PIPEWISE_BIN).trim()) || undefined;
  if (explicit) {
    if (exists(explicit)) {
      return /\.dll$/i.test(explicit)
        ? { command: 'dotnet', prefixArgs: [explicit], source: 'configured' }
        : { command: explicit, prefixArgs: [], source: 'configured' };
    }
    return null;
  }

  if (taskDir) {
    const bundled = p.join(taskDir, 'bin', runtimeId(platform, arch), exe);
    if (exists(bundled)) return { command: bundled, prefixArgs: [], source: 'bundled' };
    const portable = p.join(taskDir, 'bin', 'any', 'pipewise.dll');
    if (exists(portable)) return { command: 'dotnet', prefixArgs: [portable], source: 'bundled-portable' };
  }

  const names = platform === 'win32' ? ['pipewise.exe', 'pipewise.cmd', 'pipewise.bat'] : ['pipewise'];
  const pathValue = env.PATH || env.Path || env.path || '';
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of pathValue.split(delimiter).filter((d) => d.trim().length > 0)) {
    for (const name of names) {
      const candidate = p.join(dir.replace(/^"(.*)"$/, '$1'), name);
      if (exists(candidate)) return { command: candidate, prefixArgs: [], source: 'path' };
    }
  }

  const home = platform === 'win32' ? env.USERPROFILE : env.HOME;
  if (home) {
    const tool = p.join(home, '.dotnet', 'tools', exe);
    if (exists(tool)) return { command: tool, prefixArgs: [], source: 'dotnet-tool' };
  }

  return null;
}

/** Flags of `pipewise run` from the Pipewise@1 inputs. No secret ever goes into a flag. */
function runArguments(env) {
  const args = ['run', '--host', 'azure-devops'];
  const mode = getInput(env, 'mode');
  if (mode) args.push('--mode', mode === 'dryRun' ? 'dry-run' : mode);
  const numeric = [
    ['failureWarn', '--failure-warn'], ['failureFail', '--failure-fail'],
    ['anomalyWarn', '--anomaly-warn'], ['anomalyFail', '--anomaly-fail'],
    ['maxFailedTests', '--max-failed-tests'], ['maxFlakyTests', '--max-flaky-tests'],
  ];
  for (const [input, flag] of numeric) {
    const value = getInput(env, input);
    if (value !== undefined) args.push(flag, value);
  }
  if (getBool(env, 'failClosed', false)) args.push('--fail-closed');
  const tests = getInput(env, 'testResults');
  if (tests) args.push('--test-results', tests);
  if (!getBool(env, 'postStatus', true)) args.push('--no-status');
  if (!getBool(env, 'postComment', true)) args.push('--no-comment');
  const model = getInput(env, 'model');
  if (model) args.push('--model', model);
  const budget = getInput(env, 'budget');
  if (budget) args.push('--budget', budget);
  const otel = getInput(env, 'otelEndpoint');
  if (otel) args.push('--otel-endpoint', otel);
  return args;
}

/** Flags of `pipewise train` from the PipewiseTrain@1 inputs. */
function trainArguments(env) {
  const args = ['train'];
  if (getBool(env, 'promote', true)) args.push('--promote');
  if (getBool(env, 'staleOnly', false)) args.push('--stale-only');
  const version = getInput(env, 'version');
  if (version) args.push('--version', version);
  return args;
}

/**
 * The task result for an exit code. kind 'run': 0 ok (the binary reported its own result), 1 gate failed,
 * 2 bad settings, 3 fail-closed internal error, 4 partial input; anything else is Pipewise's own failure,
 * which fails open (SucceededWithIssues) unless failClosed is set. kind 'train': non-zero fails.
 */
function mapExitCode(code, kind, failClosed) {
  if (code === 0) return { result: 'Succeeded', exitCode: 0, reported: kind === 'run' };
  if (kind === 'run') {
    if (code === 1) return { result: 'Failed', exitCode: 1, message: 'Pipewise gate failed (enforce mode).' };
    if (code === 2) return { result: 'Failed', exitCode: 1, message: 'Pipewise settings are invalid; see the log above.' };
    if (code === 3) return { result: 'Failed', exitCode: 1, message: 'Pipewise failed and fail-closed is set.' };
    if (code === 4) return { result: 'SucceededWithIssues', exitCode: 0, message: 'Pipewise finished with issues.' };
  } else if (code === 2 || code === 4) {
    return { result: 'Failed', exitCode: 1, message: `pipewise ${kind} reported a problem (exit ${code}); see the log above.` };
  }
  return failClosed
    ? { result: 'Failed', exitCode: 1, message: `Pipewise itself failed (exit ${code}) and fail-closed is set.` }
    : { result: 'SucceededWithIssues', exitCode: 0, message: `Pipewise itself failed (exit ${code}); failing open, the pipeline goes on.` };
}

function quoteWindows(arg) {
  if (arg.length > 0 && !/[\s"&|<>^%]/.test(arg)) return arg;
  return '"' + arg.replace(/"/g, '""') + '"';
}

/**
 * Runs one task: kind 'run' (Pipewise@1) or 'train' (PipewiseTrain@1). Returns a promise of the process exit code
 * the launcher should end with. out/err are writable streams (stdout/stderr in production).
 */
async function runTask(kind, options) {
  const env = Object.assign({}, options.env || process.env);
  const out = options.out || process.stdout;
  const write = (line) => out.write(line + '\n');
  const failClosed = getBool(env, 'failClosed', false);

  // Secrets first: the store spec may hold an account key or a SAS; it travels only as PIPEWISE_STORE.
  const store = getInput(env, 'store');
  if (store) {
    if (storeHasSecret(store)) write(command('task.setsecret', null, store));
    env.PIPEWISE_STORE = store;
  } else if (kind === 'train' && !env.PIPEWISE_STORE) {
    write(command('task.logissue', { type: 'error' }, 'PipewiseTrain: the store input is required (where the runs and models live).'));
    write(command('task.complete', { result: 'Failed' }, 'No store given.'));
    return 1;
  }

  let binary = findBinary({ env, taskDir: options.taskDir, platform: options.platform, arch: options.arch, exists: options.exists });
  const finish = (mapped) => {
    if (!mapped.reported) {
      if (mapped.result !== 'Succeeded') write(command('task.logissue', { type: mapped.result === 'Failed' ? 'error' : 'warning' }, plain(mapped.message)));
      write(command('task.complete', { result: mapped.result }, plain(mapped.message || 'Pipewise finished.')));
    }
    return mapped.exitCode;
  };

  const explicit = getInput(env, 'pipewisePath') || (env.PIPEWISE_BIN && String(env.PIPEWISE_BIN).trim());
  if (!binary && !explicit) {
    // Nothing on the agent: install the task's own tool version (and the .NET runtime when missing) into the agent's
    // tool cache, once per agent (docs/adrs/0009-azure-devops-task-installs-the-tool.md).
    const version = getInput(env, 'pipewiseVersion') || installer.packagedVersion(options.taskDir || '');
    // A private feed URL may carry a credential (https://user:token@host/…): registered as a secret before any log line.
    const feedCredential = /^[a-z]+:\/\/([^/@]+)@/i.exec(getInput(env, 'feed') || '');
    if (feedCredential) write(command('task.setsecret', null, feedCredential[1]));
    try {
      const installed = await (options.ensureTool || installer.ensureTool)({
        env, version, feed: getInput(env, 'feed'), runtimeId: runtimeId(options.platform || process.platform, options.arch || process.arch),
        platform: options.platform, log: (line) => write(plain(line)),
      });
      Object.assign(env, installed.env);
      binary = installed;
    } catch (error) {
      write(command('task.logissue', { type: failClosed ? 'error' : 'warning' }, plain(`Pipewise could not be installed: ${error && error.message}`)));
    }
  }

  if (!binary) {
    const message = explicit
      ? `The configured pipewise binary was not found: ${plain(explicit)} (pipewisePath input or PIPEWISE_BIN). Clear it to let the task install the tool, or install it with \`dotnet tool install --global Pipewise\`.`
      : 'The pipewise binary was not found (looked at the task\'s bin folder, PATH and ~/.dotnet/tools) and could not be installed (see above). ' +
        'Install it with `dotnet tool install --global Pipewise` or set pipewisePath.';
    write(command('task.logissue', { type: failClosed ? 'error' : 'warning' }, message));
    return finish(mapExitCode(127, kind, failClosed));
  }

  const args = binary.prefixArgs.concat(kind === 'run' ? runArguments(env) : trainArguments(env));
  write(`Pipewise: running ${plain(binary.command)} ${plain(args.join(' '))} (${binary.source})`);
  return await new Promise((resolve) => {
    let child;
    // stderr is watched (and passed on) so that a run that failed open (exit 0, "failing open" on stderr)
    // is shown as SucceededWithIssues rather than a silent success.
    const spawnOptions = { env, stdio: options.stdio || ['inherit', 'inherit', 'pipe'], windowsHide: true };
    let stderrTail = '';
    try {
      if ((options.platform || process.platform) === 'win32' && /\.(cmd|bat)$/i.test(binary.command)) {
        child = childProcess.spawn([binary.command].concat(args).map(quoteWindows).join(' '), Object.assign({ shell: true }, spawnOptions));
      } else {
        child = childProcess.spawn(binary.command, args, spawnOptions);
      }
    } catch (error) {
      write(command('task.logissue', { type: 'warning' }, plain(`Could not start pipewise: ${error.message}`)));
      resolve(finish(mapExitCode(126, kind, failClosed)));
      return;
    }
    if (options.onChild) options.onChild(child);
    if (child.stderr) {
      const errOut = options.err || process.stderr;
      child.stderr.on('data', (chunk) => {
        errOut.write(chunk);
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4096);
      });
    }
    child.on('error', (error) => {
      write(command('task.logissue', { type: 'warning' }, plain(`Could not start pipewise: ${error.message}`)));
      resolve(finish(mapExitCode(126, kind, failClosed)));
    });
    child.on('close', (code, signal) => {
      const mapped = mapExitCode(code === null ? (signal ? 128 : 1) : code, kind, failClosed);
      const failedOpen = code === 0 && kind === 'run' && /failing open/i.test(stderrTail);
      if (failedOpen) {
        const line = stderrTail.split(/\r?\n/).filter((l) => /failing open/i.test(l)).pop();
        resolve(finish({ result: 'SucceededWithIssues', exitCode: 0, message: line || 'Pipewise failed open.' }));
        return;
      }
      resolve(finish(mapped));
    });
  });
}

/** Entry point used by the tasks' index.js. */
function main(kind, taskDir) {
  runTask(kind, { env: process.env, taskDir }).then(
    (code) => { process.exitCode = code; },
    (error) => {
      process.stdout.write(command('task.logissue', { type: 'warning' }, plain(`Pipewise launcher failed: ${error && error.message}`)) + '\n');
      process.exitCode = getBool(process.env, 'failClosed', false) ? 1 : 0;
    });
}

module.exports = {
  escapeData, plain, command, inputVariable, getInput, getBool, storeHasSecret, runtimeId,
  findBinary, runArguments, trainArguments, mapExitCode, runTask, main,
};
