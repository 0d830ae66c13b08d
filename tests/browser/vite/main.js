// A page of an application that depends on @salebot/sipout and is built with Vite, with no
// configuration: the package must load as it is.
import * as api from '@salebot/sipout';
import { runCases } from './run-cases.mjs';
import golden from './phones.tsv?raw';

window.report = runCases(api, golden);
document.body.dataset.done = 'true';
