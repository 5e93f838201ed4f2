// mocha's browser build, set up before any test file defines its suites. `reporter: undefined` picks the spec
// reporter (the browser default would be the HTML one); its console output is what `npm test` shows and counts.
import 'mocha/mocha.js';

mocha.setup({ ui: 'tdd', reporter: undefined, timeout: 30000 });
