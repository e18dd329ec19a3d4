#!/usr/bin/env node
import { main } from '../dist/leakgate.js';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`leakgate: ${e && e.message ? e.message : e}\n`);
  process.exitCode = 2;
}
