// Jest runs the ES modules some JupyterLab dependencies ship through Babel.
module.exports = require('@jupyterlab/testing/lib/babel-config').default;
