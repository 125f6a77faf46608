// Builds what browsers load: the add-in (addin/) into dist/addin, served at /addin/, and the
// service's pages (server/pages/) into dist/pages, served at /. One origin for the pages, the
// pane and the API, so no CORS. Office.js itself is served from @microsoft/office-js.
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const common = (argv) => ({
  mode: argv.mode ?? 'production',
  devtool: argv.mode === 'development' ? 'source-map' : false,
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { transpileOnly: true } }],
  },
  performance: { hints: false },
});

export default (_env, argv) => [
  {
    ...common(argv),
    name: 'addin',
    entry: {
      taskpane: './addin/taskpane/taskpane.ts',
      commands: './addin/commands/commands.ts',
    },
    output: { path: here('./dist/addin'), filename: '[name].js', clean: true },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './addin/taskpane/taskpane.html',
        chunks: ['taskpane'],
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './addin/commands/commands.html',
        chunks: ['commands'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'addin/assets', to: 'assets' },
          { from: 'addin/help.html', to: 'help.html' },
          { from: 'addin/taskpane/taskpane.css', to: 'taskpane.css' },
        ],
      }),
    ],
  },
  {
    ...common(argv),
    name: 'pages',
    entry: {
      dashboard: './server/pages/dashboard/dashboard.ts',
      unit: './server/pages/unit/unit.ts',
      'province/province': './server/pages/province/province.ts',
    },
    output: { path: here('./dist/pages'), filename: '[name].js', publicPath: '/', clean: true },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'index.html',
        template: './server/pages/dashboard/index.html',
        chunks: ['dashboard'],
      }),
      new HtmlWebpackPlugin({ filename: 'u/index.html', template: './server/pages/unit/index.html', chunks: ['unit'] }),
      new HtmlWebpackPlugin({
        filename: 'province/index.html',
        template: './server/pages/province/index.html',
        chunks: ['province/province'],
        inject: false,
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'server/pages/dashboard/dashboard.css', to: 'dashboard.css' },
          { from: 'server/pages/unit/unit.css', to: 'u/unit.css' },
          { from: 'server/pages/province/province.css', to: 'province/province.css' },
        ],
      }),
    ],
  },
];
