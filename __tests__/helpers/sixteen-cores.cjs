'use strict';
// Preloaded (node --require) by a test of the threads a scan starts: Node then says this machine
// has 16 cores, whatever it has, so that the default's cap shows on a small machine.
const os = require('node:os');
os.availableParallelism = () => 16;
