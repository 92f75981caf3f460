#!/usr/bin/env node
'use strict';
// A stand-in for the pipewise binary in the launcher tests: records its arguments and the environment
// variables the tests look at, prints a line, and exits with FAKE_EXIT.
const fs = require('fs');
const record = {
  argv: process.argv.slice(2),
  env: {
    PIPEWISE_STORE: process.env.PIPEWISE_STORE,
    SYSTEM_ACCESSTOKEN: process.env.SYSTEM_ACCESSTOKEN,
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: process.env.ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN,
    INPUT_MODE: process.env.INPUT_MODE,
    PIPEWISE_BUDGET: process.env.PIPEWISE_BUDGET,
  },
};
if (process.env.FAKE_OUT) fs.writeFileSync(process.env.FAKE_OUT, JSON.stringify(record));
process.stdout.write('fake pipewise ran\n');
if (process.env.FAKE_STDERR) process.stderr.write(process.env.FAKE_STDERR + '\n');
process.exitCode = Number(process.env.FAKE_EXIT || '0');
