'use strict';
// Installs what the Pipewise tasks need on an agent that lacks it, with Node's standard library only
// (docs/adrs/0009-azure-devops-task-installs-the-tool.md):
//  - the pipewise tool: the NuGet package Pipewise.<rid> of the task's version, from the feed (nuget.org by default,
//    any NuGet v3 feed or a folder), unpacked into the agent's tool cache (AGENT_TOOLSDIRECTORY/Pipewise/<version>/<rid>,
//    marked complete with <rid>.complete, as the agent's own tool installers do), once per agent;
//  - the .NET 10 runtime when the agent has none: the official dotnet-install script into AGENT_TOOLSDIRECTORY/dotnet.
// Every location is a parameter, so that the tests run against a loopback feed and a fake installer.

const childProcess = require('child_process');
const fs = require('fs');
const http = require('http');
const https = require('https');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const DEFAULT_FEED = 'https://api.nuget.org/v3/index.json';
const DOTNET_INSTALL = { sh: 'https://dot.net/v1/dotnet-install.sh', ps1: 'https://dot.net/v1/dotnet-install.ps1' };

/** GET url → Buffer, following up to 5 redirects. file paths and file: URLs read from disk. */
function download(url, redirects = 5) {
  if (!/^https?:/i.test(url)) {
    return Promise.resolve(fs.readFileSync(url.startsWith('file:') ? new URL(url) : url));
  }
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, { headers: { 'User-Agent': 'pipewise-azure-devops-task' }, timeout: 120000 }, (response) => {
      const status = response.statusCode || 0;
      if (status >= 300 && status < 400 && response.headers.location && redirects > 0) {
        response.resume();
        resolve(download(new URL(response.headers.location, url).toString(), redirects - 1));
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new Error(`GET ${url} answered ${status}`));
        return;
      }
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

/** The URL (or path) of a package in a NuGet v3 feed (its PackageBaseAddress) or a folder feed. */
async function packageLocation(feed, id, version, fetch = download) {
  const lowerId = id.toLowerCase();
  const lowerVersion = version.toLowerCase();
  if (!/^https?:/i.test(feed)) {
    const folder = feed.startsWith('file:') ? new URL(feed).pathname : feed;
    const candidates = [
      path.join(folder, `${id}.${version}.nupkg`),
      path.join(folder, `${lowerId}.${lowerVersion}.nupkg`),
      path.join(folder, lowerId, lowerVersion, `${lowerId}.${lowerVersion}.nupkg`),
    ];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) throw new Error(`${id} ${version} is not in the folder feed ${folder}`);
    return found;
  }
  const index = JSON.parse((await fetch(feed)).toString('utf8'));
  const resource = (index.resources || []).find((r) => String(r['@type'] || '').startsWith('PackageBaseAddress/3.0.0'));
  if (!resource) throw new Error(`${feed} is not a NuGet v3 feed (no PackageBaseAddress resource)`);
  const base = String(resource['@id']).replace(/\/?$/, '/');
  return `${base}${lowerId}/${lowerVersion}/${lowerId}.${lowerVersion}.nupkg`;
}

/** Unpacks the entries of a zip (a .nupkg) under prefix into dir. Stored and deflated entries; no zip64. */
function unzip(buffer, prefix, dir) {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  let written = 0;
  const root = path.resolve(dir);
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('broken zip central directory');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = decodeURIComponent(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
    if (!name.startsWith(prefix) || name.endsWith('/')) continue;
    const target = path.resolve(root, name.slice(prefix.length));
    if (!target.startsWith(root + path.sep)) throw new Error(`zip entry ${name} points outside the target folder`);
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    let content;
    if (method === 0) content = data;
    else if (method === 8) content = zlib.inflateRawSync(data);
    else throw new Error(`zip entry ${name} uses compression method ${method}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    written++;
  }
  return written;
}

/** The folder the agent keeps tools in (AGENT_TOOLSDIRECTORY), else the agent's temp folder, else the OS temp folder. */
function toolsDirectory(env) {
  return env.AGENT_TOOLSDIRECTORY || env.RUNNER_TOOL_CACHE || env.AGENT_TEMPDIRECTORY || os.tmpdir();
}

/** True when `dotnet` (from dotnetRoot or PATH) has the Microsoft.NETCore.App 10 runtime. */
function hasRuntime(dotnet, run = childProcess.spawnSync) {
  try {
    const r = run(dotnet, ['--list-runtimes'], { encoding: 'utf8', windowsHide: true, timeout: 60000 });
    return r.status === 0 && /^Microsoft\.NETCore\.App 10\./m.test(r.stdout || '');
  } catch {
    return false;
  }
}

/**
 * Finds a dotnet with the .NET 10 runtime, or installs the runtime into <tools>/dotnet with the dotnet-install script.
 * Returns the dotnet executable to run pipewise.dll with.
 */
async function ensureRuntime(options) {
  const env = options.env;
  const platform = options.platform || process.platform;
  const exe = platform === 'win32' ? 'dotnet.exe' : 'dotnet';
  const log = options.log || (() => {});
  const run = options.spawnSync || childProcess.spawnSync;
  const candidates = [];
  if (env.DOTNET_ROOT) candidates.push(path.join(env.DOTNET_ROOT, exe));
  candidates.push('dotnet');
  const installDir = path.join(toolsDirectory(env), 'dotnet');
  candidates.push(path.join(installDir, exe));
  for (const candidate of candidates) {
    if (hasRuntime(candidate, run)) return candidate;
  }

  const script = platform === 'win32' ? 'ps1' : 'sh';
  const url = env.PIPEWISE_DOTNET_INSTALL_URL || DOTNET_INSTALL[script];
  log(`Pipewise: the agent has no .NET 10 runtime; installing it into ${installDir} (${url})`);
  fs.mkdirSync(installDir, { recursive: true });
  const scriptPath = path.join(installDir, `dotnet-install.${script}`);
  fs.writeFileSync(scriptPath, await download(url));
  const args = script === 'sh'
    ? [scriptPath, '--runtime', 'dotnet', '--channel', '10.0', '--install-dir', installDir, '--no-path']
    : ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', scriptPath, '-Runtime', 'dotnet', '-Channel', '10.0', '-InstallDir', installDir, '-NoPath'];
  const shell = script === 'sh' ? 'bash' : 'powershell';
  const result = run(shell, args, { encoding: 'utf8', windowsHide: true, timeout: 600000 });
  const dotnet = path.join(installDir, exe);
  if (result.status !== 0 || !hasRuntime(dotnet, run)) {
    throw new Error(`installing the .NET 10 runtime failed (${shell} dotnet-install exit ${result.status}): ${String(result.stderr || '').trim().slice(0, 500)}`);
  }
  return dotnet;
}

/**
 * Makes sure the pipewise tool of `version` is in the agent's tool cache and a .NET 10 runtime is there to run it.
 * Returns { command, prefixArgs, source: 'tool-cache' | 'installed', env } where env holds DOTNET_ROOT when set here.
 */
async function ensureTool(options) {
  const env = options.env;
  const rid = options.runtimeId;
  const version = options.version;
  const feed = options.feed || DEFAULT_FEED;
  const log = options.log || (() => {});
  if (!version) throw new Error('no tool version to install (the task carries none: package it with scripts/package-vsix.sh)');
  const cache = path.join(toolsDirectory(env), 'Pipewise', version);
  const folder = path.join(cache, rid);
  const marker = path.join(cache, `${rid}.complete`);
  const dll = path.join(folder, 'pipewise.dll');
  let source = 'tool-cache';
  if (!(fs.existsSync(marker) && fs.existsSync(dll))) {
    const id = `Pipewise.${rid}`;
    const location = await packageLocation(feed, id, version, options.fetch || download);
    log(`Pipewise: installing ${id} ${version} from ${location} into ${folder}`);
    const nupkg = await (options.fetch || download)(location);
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder, { recursive: true });
    // tools/any/<rid>/: the Native AOT package (a native pipewise with pipewise.dll beside it); tools/net10.0/<rid>/:
    // the ReadyToRun package, run as `dotnet pipewise.dll`.
    let written = 0;
    for (const prefix of [`tools/any/${rid}/`, `tools/net10.0/${rid}/`]) {
      written = unzip(nupkg, prefix, folder);
      if (written > 0) break;
    }
    if (written === 0 || !fs.existsSync(dll)) throw new Error(`${id} ${version} has no pipewise.dll under tools/any/${rid}/ or tools/net10.0/${rid}/`);
    const entry = nativeEntry(folder);
    if (entry && (options.platform || process.platform) !== 'win32') fs.chmodSync(entry, 0o755);
    fs.writeFileSync(marker, '');
    source = 'installed';
  }
  // The runtime is needed either way: the native pipewise hands train/backtest/simulate/demo to pipewise.dll.
  const dotnet = await ensureRuntime(options);
  const extraEnv = path.isAbsolute(dotnet) ? { DOTNET_ROOT: path.dirname(dotnet) } : {};
  const entry = nativeEntry(folder);
  return entry
    ? { command: entry, prefixArgs: [], source, env: extraEnv }
    : { command: dotnet, prefixArgs: [dll], source, env: extraEnv };
}

/** The native program a package's DotnetToolSettings.xml names (Runner="executable"), or null for `dotnet pipewise.dll`. */
function nativeEntry(folder) {
  let settings;
  try {
    settings = fs.readFileSync(path.join(folder, 'DotnetToolSettings.xml'), 'utf8');
  } catch {
    return null;
  }
  const command = /<Command\b[^>]*>/.exec(settings);
  if (!command || !/\bRunner="executable"/.test(command[0])) return null;
  const entryPoint = /\bEntryPoint="([^"\/\\]+)"/.exec(command[0]);
  const file = entryPoint ? path.join(folder, entryPoint[1]) : null;
  return file && fs.existsSync(file) ? file : null;
}

/** The tool version the task was packaged with (tool.json beside the task, written by scripts/package-vsix.sh). */
function packagedVersion(taskDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(taskDir, 'tool.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

module.exports = { download, packageLocation, unzip, toolsDirectory, hasRuntime, ensureRuntime, ensureTool, packagedVersion, DEFAULT_FEED };
