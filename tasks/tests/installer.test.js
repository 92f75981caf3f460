'use strict';
// Tests of the tasks' installer (tasks/common/installer.js): a loopback NuGet v3 feed serves a Pipewise.<rid>
// package whose pipewise.dll is the fake pipewise script, and a fake dotnet-install script "installs" a dotnet that
// runs it with Node. The agent is made to look as if it had no .NET at all.
const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const installer = require('../common/installer.js');
const launcher = require('../common/launcher.js');

/** A minimal zip writer (deflated entries), enough to build a .nupkg for the tests. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = zlib.deflateRawSync(Buffer.from(content));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(Buffer.byteLength(content), 22); local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(Buffer.byteLength(content), 24); central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(centrals.length / 2, 8); end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const FAKE = fs.readFileSync(path.join(__dirname, 'fake-pipewise.js'), 'utf8');
const FAKE_DOTNET_INSTALL = `#!/usr/bin/env bash
# fake dotnet-install: writes a dotnet that lists a .NET 10 runtime and runs "dotnet x.dll" with Node.
dir=""
while [ $# -gt 0 ]; do case "$1" in --install-dir) dir="$2"; shift 2 ;; *) shift ;; esac; done
mkdir -p "$dir"
cat > "$dir/dotnet" <<SH
#!/usr/bin/env bash
if [ "\\$1" = "--list-runtimes" ]; then echo "Microsoft.NETCore.App 10.0.12 [$dir/shared/Microsoft.NETCore.App]"; exit 0; fi
exec "${process.execPath}" "\\$@"
SH
chmod +x "$dir/dotnet"
`;

/** The native pipewise of a Native AOT package, as a script: it leaves a mark and runs the fake (its pipewise.dll) with Node. */
const FAKE_NATIVE = `#!/usr/bin/env bash
touch "$(dirname "$0")/native-ran"
exec "${process.execPath}" "$(dirname "$0")/pipewise.dll" "$@"
`;

/** The two layouts of a Pipewise.<rid> package: ReadyToRun (run with dotnet) and Native AOT (a native entry point). */
const PACKAGES = {
  readyToRun: {
    'Pipewise.linux-x64.nuspec': '<package/>',
    'tools/net10.0/linux-x64/pipewise.dll': FAKE,
    'tools/net10.0/linux-x64/models/default/manifest.json': '{}',
  },
  nativeAot: {
    'Pipewise.linux-x64.nuspec': '<package/>',
    'tools/any/linux-x64/DotnetToolSettings.xml': '<DotNetCliTool Version="2"><Commands><Command Name="pipewise" EntryPoint="pipewise" Runner="executable" /></Commands></DotNetCliTool>',
    'tools/any/linux-x64/pipewise': FAKE_NATIVE,
    'tools/any/linux-x64/pipewise.dll': FAKE,
    'tools/any/linux-x64/models/default/manifest.json': '{}',
  },
};

/** Serves a NuGet v3 feed with Pipewise.linux-x64 0.9.1 and the fake dotnet-install script; counts requests. */
async function startFeed(layout) {
  const nupkg = zip(PACKAGES[layout || 'readyToRun']);
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const base = `http://127.0.0.1:${server.address().port}`;
    if (req.url === '/v3/index.json') {
      res.end(JSON.stringify({ version: '3.0.0', resources: [{ '@id': `${base}/flat/`, '@type': 'PackageBaseAddress/3.0.0' }] }));
    } else if (req.url === '/flat/pipewise.linux-x64/0.9.1/pipewise.linux-x64.0.9.1.nupkg') {
      res.end(nupkg);
    } else if (req.url === '/dotnet-install.sh') {
      res.writeHead(302, { location: '/install/dotnet-install.sh' }); res.end();
    } else if (req.url === '/install/dotnet-install.sh') {
      res.end(FAKE_DOTNET_INSTALL);
    } else {
      res.statusCode = 404; res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { server, requests, feed: `${base}/v3/index.json`, dotnetInstall: `${base}/dotnet-install.sh` };
}

/** spawnSync as on an agent without .NET: a bare `dotnet` is not there. */
function noDotnetOnPath(command, args, options) {
  if (command === 'dotnet') return { status: null, error: new Error('spawnSync dotnet ENOENT') };
  return childProcess.spawnSync(command, args, options);
}

function collect() {
  const lines = [];
  return { lines, stream: { write: (s) => { lines.push(...String(s).split('\n').filter((l) => l.length > 0)); return true; } } };
}

async function runOnBareAgent(feed, tools, extraEnv) {
  const out = collect();
  const record = path.join(tools, `record-${Date.now()}.json`);
  const env = Object.assign({
    PATH: process.env.PATH, AGENT_TOOLSDIRECTORY: tools, HOME: tools, FAKE_OUT: record,
    PIPEWISE_DOTNET_INSTALL_URL: feed.dotnetInstall,
    INPUT_FEED: feed.feed, INPUT_PIPEWISEVERSION: '0.9.1', INPUT_MODE: 'advise',
  }, extraEnv || {});
  const code = await launcher.runTask('run', {
    env, taskDir: path.join(tools, 'no-task-dir'), platform: 'linux', arch: 'x64', out: out.stream, err: out.stream,
    exists: (p) => { try { return fs.statSync(p).isFile() && !p.startsWith('/usr') && !p.startsWith('/bin'); } catch { return false; } },
    ensureTool: (o) => installer.ensureTool(Object.assign({}, o, { spawnSync: noDotnetOnPath })),
  });
  return { code, lines: out.lines, record: fs.existsSync(record) ? JSON.parse(fs.readFileSync(record, 'utf8')) : null };
}

test('on an agent with neither pipewise nor .NET the task installs both into the tool cache and runs', async () => {
  const feed = await startFeed();
  const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewise-tools-'));
  try {
    const first = await runOnBareAgent(feed, tools);
    assert.equal(first.code, 0, first.lines.join('\n'));
    assert.ok(first.record, 'the installed pipewise ran: ' + first.lines.join('\n'));
    assert.deepEqual(first.record.argv.slice(0, 3), ['run', '--host', 'azure-devops']);
    assert.ok(fs.existsSync(path.join(tools, 'Pipewise', '0.9.1', 'linux-x64', 'pipewise.dll')));
    assert.ok(fs.existsSync(path.join(tools, 'Pipewise', '0.9.1', 'linux-x64.complete')));
    assert.ok(fs.existsSync(path.join(tools, 'dotnet', 'dotnet')), 'the .NET runtime went into the tool cache');
    assert.ok(first.lines.some((l) => l.includes('no .NET 10 runtime')), first.lines.join('\n'));

    // The next job on the same agent: everything comes from the tool cache, nothing is downloaded.
    const before = feed.requests.length;
    const second = await runOnBareAgent(feed, tools);
    assert.equal(second.code, 0, second.lines.join('\n'));
    assert.ok(second.record);
    assert.equal(feed.requests.length, before, 'no request on a warm tool cache: ' + feed.requests.slice(before).join(', '));
    assert.ok(second.lines.some((l) => l.includes('(tool-cache)')), second.lines.join('\n'));
  } finally {
    feed.server.close();
    fs.rmSync(tools, { recursive: true, force: true });
  }
});

test('a Native AOT package runs its native pipewise (made executable), with the runtime still there for pipewise.dll', async () => {
  const feed = await startFeed('nativeAot');
  const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewise-tools-'));
  try {
    const r = await runOnBareAgent(feed, tools);
    assert.equal(r.code, 0, r.lines.join('\n'));
    const native = path.join(tools, 'Pipewise', '0.9.1', 'linux-x64', 'pipewise');
    assert.ok(fs.existsSync(path.join(path.dirname(native), 'native-ran')), 'the native entry point ran, not dotnet pipewise.dll: ' + r.lines.join('\n'));
    assert.ok(r.record, r.lines.join('\n'));
    assert.deepEqual(r.record.argv.slice(0, 3), ['run', '--host', 'azure-devops']);
    assert.ok((fs.statSync(native).mode & 0o111) !== 0, 'the native pipewise is executable');
    assert.ok(fs.existsSync(path.join(tools, 'dotnet', 'dotnet')), 'the .NET runtime is installed for the commands pipewise.dll runs');
  } finally {
    feed.server.close();
    fs.rmSync(tools, { recursive: true, force: true });
  }
});

test('a version the feed does not have fails open with a warning naming the package', async () => {
  const feed = await startFeed();
  const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewise-tools-'));
  try {
    const r = await runOnBareAgent(feed, tools, { INPUT_PIPEWISEVERSION: '9.9.9' });
    assert.equal(r.code, 0);
    assert.equal(r.record, null);
    const text = r.lines.join('\n');
    assert.match(text, /##vso\[task.logissue type=warning\]Pipewise could not be installed: GET .*pipewise.linux-x64\/9.9.9\/.* answered 404/);
    assert.match(text, /##vso\[task.complete result=SucceededWithIssues\]/);
  } finally {
    feed.server.close();
    fs.rmSync(tools, { recursive: true, force: true });
  }
});

test('unzip refuses an entry that points outside the target folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewise-zip-'));
  try {
    assert.throws(() => installer.unzip(zip({ 'tools/net10.0/linux-x64/../../../../evil.txt': 'x' }), 'tools/net10.0/linux-x64/', dir), /outside the target folder/);
    assert.equal(installer.unzip(zip({ 'tools/net10.0/linux-x64/a/b.txt': 'hello', 'other.txt': 'no' }), 'tools/net10.0/linux-x64/', dir), 1);
    assert.equal(fs.readFileSync(path.join(dir, 'a', 'b.txt'), 'utf8'), 'hello');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the version the task was packaged with comes from tool.json beside it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewise-task-'));
  try {
    assert.equal(installer.packagedVersion(dir), undefined);
    fs.writeFileSync(path.join(dir, 'tool.json'), JSON.stringify({ version: '1.2.3' }));
    assert.equal(installer.packagedVersion(dir), '1.2.3');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a credential in the feed URL is registered as a secret before anything is printed', async () => {
  const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewise-tools-'));
  try {
    const out = collect();
    await launcher.runTask('run', {
      env: { PATH: process.env.PATH, AGENT_TOOLSDIRECTORY: tools, INPUT_FEED: 'https://build:s3cr3t-token@feed.invalid/v3/index.json', INPUT_PIPEWISEVERSION: '0.9.1' },
      taskDir: tools, platform: 'linux', arch: 'x64', out: out.stream, err: out.stream, exists: () => false,
      ensureTool: async () => { throw new Error('offline'); },
    });
    assert.equal(out.lines[0], '##vso[task.setsecret]build:s3cr3t-token');
    assert.ok(out.lines.some((l) => l.includes('Pipewise could not be installed: offline')), out.lines.join('\n'));
  } finally {
    fs.rmSync(tools, { recursive: true, force: true });
  }
});
