// Builds what browsers load: the add-in (addin/) into dist/addin, served at /addin/, the WPS
// add-in into dist/wps, served at /wps/, and the service's pages (server/pages/) into dist/pages,
// served at /. One origin for the pages, the pane and the API, so no CORS. Office.js itself is
// served from @microsoft/office-js.
import { readFileSync } from 'node:fs';
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
    // The WPS add-in: the same pane on WPS's object model, its ribbon callbacks, the self-test and
    // the publish page. The browser inside older WPS builds predates ES2019: the syntax is
    // compiled down to ES2017, the dependencies' too, and addin/wps/legacy.ts supplies built-ins.
    ...common(argv),
    name: 'wps',
    target: ['web', 'es2017'],
    entry: {
      taskpane: './addin/taskpane/taskpane.ts',
      main: './addin/wps/main.ts',
      'self-test': './addin/wps/self-test.ts',
      publish: './addin/wps/publish.ts',
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: 'ts-loader',
          exclude: /node_modules/,
          options: { transpileOnly: true, compilerOptions: { target: 'ES2017' } },
        },
        {
          test: /\.m?js$/,
          include: /node_modules/,
          loader: 'ts-loader',
          options: { transpileOnly: true, compilerOptions: { allowJs: true, target: 'ES2017' } },
        },
      ],
    },
    output: { path: here('./dist/wps'), filename: '[name].js', clean: true },
    plugins: [
      // The same pane, without Office.js: WPS has no need of it.
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        templateContent: readFileSync('./addin/taskpane/taskpane.html', 'utf8').replace(
          /\s*<!--[^>]*-->\s*<script src="\/addin\/office-js\/office\.js"><\/script>/,
          '',
        ),
        chunks: ['taskpane'],
      }),
      new HtmlWebpackPlugin({ filename: 'index.html', template: './addin/wps/index.html', chunks: ['main'] }),
      new HtmlWebpackPlugin({
        filename: 'self-test.html',
        template: './addin/wps/self-test.html',
        chunks: ['self-test'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'addin/assets', to: 'assets' },
          { from: 'addin/taskpane/taskpane.css', to: 'taskpane.css' },
          { from: 'addin/wps/ribbon.xml', to: 'ribbon.xml' },
          { from: 'addin/wps/manifest.xml', to: 'manifest.xml' },
          { from: 'addin/wps/publish.html', to: 'publish.html' },
          { from: 'addin/wps/wps.css', to: 'wps.css' },
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
