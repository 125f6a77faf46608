// Builds the add-in (addin/) into dist/addin, which the service serves at /addin/ — one origin
// for the pane and the API, so no CORS. Office.js itself is served from @microsoft/office-js.
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default (_env, argv) => ({
  mode: argv.mode ?? 'production',
  devtool: argv.mode === 'development' ? 'source-map' : false,
  entry: {
    taskpane: './addin/taskpane/taskpane.ts',
    commands: './addin/commands/commands.ts',
  },
  output: {
    path: here('./dist/addin'),
    filename: '[name].js',
    clean: true,
  },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      { test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { transpileOnly: true } },
    ],
  },
  plugins: [
    new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './addin/taskpane/taskpane.html', chunks: ['taskpane'] }),
    new HtmlWebpackPlugin({ filename: 'commands.html', template: './addin/commands/commands.html', chunks: ['commands'] }),
    new CopyWebpackPlugin({ patterns: [{ from: 'addin/assets', to: 'assets' }, { from: 'addin/help.html', to: 'help.html' }, { from: 'addin/taskpane/taskpane.css', to: 'taskpane.css' }] }),
  ],
  performance: { hints: false },
});
