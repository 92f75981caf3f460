'use strict';
// Launcher of the Pipewise task. launcher.js is copied next to this file when the extension is packaged
// (scripts/package-vsix.sh); in the repository it lives in tasks/common/.
const fs = require('fs');
const path = require('path');

const local = path.join(__dirname, 'launcher.js');
const launcher = require(fs.existsSync(local) ? local : path.join(__dirname, '..', 'common', 'launcher.js'));
launcher.main('run', __dirname);
