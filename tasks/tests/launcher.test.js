'use strict';
// Tests of the task launcher (run with: node --test tasks/). A fake pipewise script stands in for the binary.
const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const launcher = require('../common/launcher.js');

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.dG9rZW4tc2VjcmV0';
const STORE = 'DefaultEndpointsProtocol=https;AccountName=pw;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net';

function fakeBinary() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewise-fake-'));
  const target = path.join(dir, 'pipewise');
  fs.copyFileSync(path.join(__dirname, 'fake-pipewise.js'), target);
  fs.chmodSync(target, 0o755);
  return { dir, target, out: path.join(dir, 'record.json') };
}

/** Runs a task's index.js as the agent would (Node, env with INPUT_*), returning stdout, stderr, status and the fake's record. */
function runTaskProcess(task, inputs, extraEnv) {
  const fake = fakeBinary();
  const env = Object.assign({
    PATH: process.env.PATH,
    PIPEWISE_BIN: fake.target,
    FAKE_OUT: fake.out,
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: TOKEN,
    TF_BUILD: 'True',
  }, extraEnv || {});
  for (const [name, value] of Object.entries(inputs)) env[launcher.inputVariable(name)] = value;
  const result = childProcess.spawnSync(process.execPath, [path.join(__dirname, '..', task, 'index.js')], { env, encoding: 'utf8' });
  const record = fs.existsSync(fake.out) ? JSON.parse(fs.readFileSync(fake.out, 'utf8')) : null;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, record };
}

function commands(stdout) {
  return stdout.split('\n').filter((l) => l.startsWith('##vso[')).map((l) => {
    const end = l.indexOf(']');
    const info = l.slice(6, end);
    const space = info.indexOf(' ');
    const name = space < 0 ? info : info.slice(0, space);
    const props = {};
    if (space >= 0) for (const pair of info.slice(space + 1).split(';')) { const eq = pair.indexOf('='); if (eq > 0) props[pair.slice(0, eq)] = pair.slice(eq + 1); }
    return { name, props, data: l.slice(end + 1) };
  });
}

test('run task forwards inputs as flags and the store only through the environment', () => {
  const r = runTaskProcess('Pipewise', {
    mode: 'enforce', store: STORE, failureWarn: '0.4', failureFail: '0.7', anomalyWarn: '2.5', anomalyFail: '5',
    maxFailedTests: '1', maxFlakyTests: '2', failClosed: 'true', postStatus: 'false', postComment: 'true', testResults: '**/*.trx', model: 'models/x',
    otelEndpoint: 'http://127.0.0.1:4318', budget: '30',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.record.argv, [
    'run', '--host', 'azure-devops', '--mode', 'enforce',
    '--failure-warn', '0.4', '--failure-fail', '0.7', '--anomaly-warn', '2.5', '--anomaly-fail', '5',
    '--max-failed-tests', '1', '--max-flaky-tests', '2', '--fail-closed', '--test-results', '**/*.trx', '--no-status', '--model', 'models/x',
    '--budget', '30', '--otel-endpoint', 'http://127.0.0.1:4318',
  ]);
  assert.equal(r.record.env.PIPEWISE_STORE, STORE);
  assert.equal(r.record.env.ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN, TOKEN, 'the job token reaches the binary through the environment');
  assert.ok(!r.record.argv.some((a) => a.includes(TOKEN) || a.includes('AccountKey')), 'no secret in a flag');
});

test('an empty budget adds no flag, so PIPEWISE_BUDGET from the job environment still applies', () => {
  const r = runTaskProcess('Pipewise', { budget: '' }, { PIPEWISE_BUDGET: '45' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!r.record.argv.includes('--budget'), r.record.argv.join(' '));
  assert.equal(r.record.env.PIPEWISE_BUDGET, '45');
});

test('dry run mode is spelled as the CLI expects and defaults add no flags', () => {
  const r = runTaskProcess('Pipewise', { mode: 'dryRun' });
  assert.deepEqual(r.record.argv, ['run', '--host', 'azure-devops', '--mode', 'dry-run']);
});

test('secrets are masked first and never printed otherwise', () => {
  const r = runTaskProcess('Pipewise', { mode: 'advise', store: STORE });
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], '##vso[task.setsecret]' + launcher.escapeData(STORE), 'the store secret is masked before anything else');
  for (const line of lines.slice(1)) {
    assert.ok(!line.includes('AccountKey'), line);
    assert.ok(!line.includes(TOKEN), line);
  }
  assert.ok(!r.stderr.includes(TOKEN) && !r.stderr.includes('AccountKey'));
});

test('a plain folder store is not treated as a secret', () => {
  const r = runTaskProcess('Pipewise', { store: '/agent/_work/pipewise-store' });
  assert.ok(!r.stdout.includes('task.setsecret'));
  assert.equal(r.record.env.PIPEWISE_STORE, '/agent/_work/pipewise-store');
});

test('exit code 0 from run leaves the result to the binary', () => {
  const r = runTaskProcess('Pipewise', { mode: 'advise' });
  assert.equal(r.status, 0);
  assert.ok(!commands(r.stdout).some((c) => c.name === 'task.complete'));
  assert.match(r.stdout, /fake pipewise ran/);
});

test('a run that failed open (exit 0, "failing open" on stderr) is shown as succeeded with issues', () => {
  const r = runTaskProcess('Pipewise', { mode: 'advise' }, { FAKE_STDERR: 'pipewise run: Pipewise failed (store unavailable); failing open, the pipeline goes on.' });
  assert.equal(r.status, 0);
  assert.match(r.stderr, /failing open/, 'stderr is passed on');
  const issue = commands(r.stdout).find((c) => c.name === 'task.logissue');
  assert.equal(issue.props.type, 'warning');
  assert.match(issue.data, /store unavailable/);
  assert.equal(commands(r.stdout).find((c) => c.name === 'task.complete').props.result, 'SucceededWithIssues');
});

test('exit code 1 (gate failed in enforce mode) fails the task', () => {
  const r = runTaskProcess('Pipewise', { mode: 'enforce' }, { FAKE_EXIT: '1' });
  assert.equal(r.status, 1);
  const complete = commands(r.stdout).filter((c) => c.name === 'task.complete');
  assert.equal(complete.length, 1);
  assert.equal(complete[0].props.result, 'Failed');
});

test('a crash of Pipewise fails open unless fail-closed', () => {
  const open = runTaskProcess('Pipewise', { mode: 'enforce' }, { FAKE_EXIT: '134' });
  assert.equal(open.status, 0);
  assert.equal(commands(open.stdout).find((c) => c.name === 'task.complete').props.result, 'SucceededWithIssues');
  assert.equal(commands(open.stdout).find((c) => c.name === 'task.logissue').props.type, 'warning');

  const closed = runTaskProcess('Pipewise', { mode: 'enforce', failClosed: 'true' }, { FAKE_EXIT: '134' });
  assert.equal(closed.status, 1);
  assert.equal(commands(closed.stdout).find((c) => c.name === 'task.complete').props.result, 'Failed');
});

test('fail-closed internal error (exit 3) and bad settings (exit 2) fail the task', () => {
  assert.equal(runTaskProcess('Pipewise', {}, { FAKE_EXIT: '3' }).status, 1);
  assert.equal(runTaskProcess('Pipewise', {}, { FAKE_EXIT: '2' }).status, 1);
});

test('a missing binary fails open with a warning that says how to install it', () => {
  const r = runTaskProcess('Pipewise', { mode: 'advise' }, { PIPEWISE_BIN: path.join(os.tmpdir(), 'does-not-exist', 'pipewise'), HOME: os.tmpdir() });
  assert.equal(r.status, 0);
  const issue = commands(r.stdout).find((c) => c.name === 'task.logissue');
  assert.equal(issue.props.type, 'warning');
  assert.match(issue.data, /dotnet tool install --global Pipewise/);
  assert.equal(commands(r.stdout).find((c) => c.name === 'task.complete').props.result, 'SucceededWithIssues');
});

test('train task runs pipewise train --promote with the store in the environment', () => {
  const r = runTaskProcess('PipewiseTrain', { store: STORE, promote: 'true', staleOnly: 'true', version: 'v7' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.record.argv, ['train', '--promote', '--stale-only', '--version', 'v7']);
  assert.equal(r.record.env.PIPEWISE_STORE, STORE);
  assert.equal(commands(r.stdout).at(-1).props.result, 'Succeeded');
  assert.ok(r.stdout.split('\n').slice(1).every((l) => !l.includes('AccountKey')));
});

test('train task without a store fails clearly, and a training error fails the task', () => {
  const none = runTaskProcess('PipewiseTrain', {});
  assert.equal(none.status, 1);
  assert.match(none.stdout, /store input is required/);
  const failed = runTaskProcess('PipewiseTrain', { store: '/s' }, { FAKE_EXIT: '2' });
  assert.equal(failed.status, 1);
  assert.equal(commands(failed.stdout).at(-1).props.result, 'Failed');
});

test('findBinary finds the bundled Windows executable with Windows paths', () => {
  const taskDir = 'C:\\agent\\_work\\_tasks\\Pipewise_f24902f4\\1.0.0';
  const expected = 'C:\\agent\\_work\\_tasks\\Pipewise_f24902f4\\1.0.0\\bin\\win-x64\\pipewise.exe';
  const found = launcher.findBinary({ env: {}, taskDir, platform: 'win32', arch: 'x64', exists: (p) => p === expected });
  assert.deepEqual(found, { command: expected, prefixArgs: [], source: 'bundled' });
});

test('findBinary finds a dotnet global tool on the Windows PATH', () => {
  const expected = 'C:\\Users\\VssAdministrator\\.dotnet\\tools\\pipewise.exe';
  const found = launcher.findBinary({
    env: { Path: 'C:\\Windows\\system32;"C:\\Users\\VssAdministrator\\.dotnet\\tools"' },
    taskDir: 'C:\\t', platform: 'win32', arch: 'x64', exists: (p) => p === expected,
  });
  assert.equal(found.command, expected);
  assert.equal(found.source, 'path');
});

test('findBinary on Linux: bundled per RID, portable dll, PATH, then ~/.dotnet/tools', () => {
  const taskDir = '/home/vsts/work/_tasks/Pipewise_f24902f4/1.0.0';
  assert.equal(launcher.findBinary({ env: {}, taskDir, platform: 'linux', arch: 'arm64', exists: (p) => p === taskDir + '/bin/linux-arm64/pipewise' }).source, 'bundled');
  assert.deepEqual(launcher.findBinary({ env: {}, taskDir, platform: 'linux', arch: 'x64', exists: (p) => p === taskDir + '/bin/any/pipewise.dll' }),
    { command: 'dotnet', prefixArgs: [taskDir + '/bin/any/pipewise.dll'], source: 'bundled-portable' });
  assert.equal(launcher.findBinary({ env: { PATH: '/usr/bin:/opt/pw' }, taskDir, platform: 'linux', arch: 'x64', exists: (p) => p === '/opt/pw/pipewise' }).command, '/opt/pw/pipewise');
  assert.equal(launcher.findBinary({ env: { HOME: '/home/vsts' }, taskDir, platform: 'linux', arch: 'x64', exists: (p) => p === '/home/vsts/.dotnet/tools/pipewise' }).source, 'dotnet-tool');
  assert.equal(launcher.findBinary({ env: {}, taskDir, platform: 'linux', arch: 'x64', exists: () => false }), null);
});

test('the pipewisePath input wins over everything', () => {
  const found = launcher.findBinary({ env: { INPUT_PIPEWISEPATH: '/opt/custom/pipewise', PIPEWISE_BIN: '/other' }, taskDir: '/t', platform: 'linux', exists: () => true });
  assert.equal(found.command, '/opt/custom/pipewise');
});

test('logging command escaping follows the agent rules', () => {
  assert.equal(launcher.escapeData('a;b\r\nc]d%e'), 'a%3Bb%0D%0Ac%5Dd%AZP25e');
  assert.equal(launcher.command('task.logissue', { type: 'warning' }, 'x]\n##vso[task.complete result=Failed]'), '##vso[task.logissue type=warning]x%5D%0A##vso[task.complete result=Failed%5D');
  assert.ok(!launcher.plain('a\n##vso[x]').includes('##'));
});

test('task.json output variables match the names the reporter writes', () => {
  const task = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'Pipewise', 'task.json'), 'utf8'));
  assert.deepEqual(task.outputVariables.map((v) => v.name), ['risk', 'verdict', 'expectedDuration', 'anomaly', 'strategy', 'suggestions', 'modelVersion']);
  for (const dir of ['Pipewise', 'PipewiseTrain']) {
    const t = JSON.parse(fs.readFileSync(path.join(__dirname, '..', dir, 'task.json'), 'utf8'));
    assert.ok(t.execution.Node20_1 && t.execution.Node24);
    assert.ok(fs.existsSync(path.join(__dirname, '..', dir, t.execution.Node24.target)));
    for (const input of t.inputs) assert.ok(input.helpMarkDown && input.helpMarkDown.length > 10, `${dir}.${input.name} has help text`);
  }
});
