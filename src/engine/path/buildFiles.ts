/**
 * Files that a package manager, a build, a CI system or a tool executes or trusts later, without
 * anyone reading them first: writing one plants code that runs on the developer's next `npm install`,
 * `make`, `cd`, "Reopen in Container" or push. Each group names the documentation that says the file
 * runs or steers what runs; docs/policy.md sums the list up in its table of protected sets.
 *
 * Names are matched as the file system resolves them (case-insensitively and after Unicode folding,
 * see fold.ts), so `MAKEFILE` or `package.json` spelled with a Cyrillic `а` asks as well.
 */

export interface BuildFileGroup {
  id: string;
  globs: string[];
  /** Where the ecosystem documents that the file is executed or trusted. */
  source: string;
}

export const BUILD_FILE_GROUPS: readonly BuildFileGroup[] = [
  {
    id: 'npm',
    // Lifecycle scripts (preinstall, install, postinstall, prepare) run on `npm install`; lockfiles pin
    // the tarball URLs installed; .yarnrc.yml `yarnPath` and .pnpmfile.cjs hooks are executed by the tool;
    // Yarn PnP's .pnp.cjs is loaded by every `node` run; bunfig.toml `preload` and deno.json tasks run code.
    source: 'docs.npmjs.com/cli/using-npm/scripts, docs.npmjs.com/cli/configuring-npm/package-lock-json, yarnpkg.com/configuration/yarnrc#yarnPath, pnpm.io/pnpmfile, bun.sh/docs/runtime/bunfig, docs.deno.com/runtime/reference/cli/task',
    globs: [
      '**/package.json', '**/package-lock.json', '**/npm-shrinkwrap.json', '**/.npmrc', '**/yarn.lock', '**/.yarnrc',
      '**/.yarnrc.yml', '**/.yarn/plugins/**', '**/.yarn/releases/**', '**/.pnp.cjs', '**/.pnp.loader.mjs',
      '**/pnpm-lock.yaml', '**/pnpm-workspace.yaml', '**/.pnpmfile.cjs', '**/bun.lock', '**/bun.lockb', '**/bunfig.toml',
      '**/deno.json', '**/deno.jsonc', '**/deno.lock',
    ],
  },
  {
    id: 'python',
    // setup.py and in-tree build backends (pyproject `backend-path`) run on `pip install`; requirement
    // files choose indexes and VCS URLs; pytest imports every conftest.py; site.py executes `import`
    // lines of .pth files and sitecustomize/usercustomize at interpreter start-up; tox/nox run their files.
    source: 'packaging.python.org/en/latest/specifications/pyproject-toml, pip.pypa.io/en/stable/reference/requirements-file-format, docs.pytest.org/en/stable/reference/fixtures.html#conftest-py, docs.python.org/3/library/site.html, tox.wiki/en/latest/config.html, nox.thea.codes',
    globs: [
      '**/setup.py', '**/pyproject.toml', '**/setup.cfg', '**/requirements*.txt', '**/requirements/*.txt', '**/constraints*.txt',
      '**/Pipfile', '**/Pipfile.lock', '**/poetry.lock', '**/uv.lock', '**/pdm.lock', '**/tox.ini', '**/noxfile.py',
      '**/conftest.py', '**/pytest.ini', '**/*.pth', '**/sitecustomize.py', '**/usercustomize.py', '**/environment.yml',
    ],
  },
  {
    id: 'rust',
    // build.rs is compiled and run before the crate; .cargo/config.toml sets `rustc-wrapper`, runners and
    // aliases; rust-toolchain(.toml) picks (and can point to) the compiler.
    source: 'doc.rust-lang.org/cargo/reference/build-scripts.html, doc.rust-lang.org/cargo/reference/config.html, rust-lang.github.io/rustup/overrides.html',
    globs: ['**/Cargo.toml', '**/Cargo.lock', '**/build.rs', '**/.cargo/config', '**/.cargo/config.toml', '**/rust-toolchain', '**/rust-toolchain.toml'],
  },
  {
    id: 'go',
    // go.mod `replace` and `toolchain` directives choose which code and which Go toolchain are fetched and run.
    source: 'go.dev/ref/mod#go-mod-file, go.dev/doc/toolchain, go.dev/ref/mod#workspaces',
    globs: ['**/go.mod', '**/go.sum', '**/go.work', '**/go.work.sum'],
  },
  {
    id: 'jvm',
    // Gradle build and settings scripts are programs; buildSrc is compiled into the build; wrapper
    // properties say which distribution is downloaded and run; .mvn/extensions.xml loads build extensions.
    source: 'docs.gradle.org/current/userguide/build_lifecycle.html, docs.gradle.org/current/userguide/gradle_wrapper.html, maven.apache.org/configure.html, maven.apache.org/wrapper/, www.scala-sbt.org/1.x/docs/Basic-Def.html',
    globs: [
      '**/pom.xml', '**/.mvn/**', '**/mvnw', '**/mvnw.cmd', '**/build.gradle', '**/build.gradle.kts', '**/settings.gradle',
      '**/settings.gradle.kts', '**/gradle.properties', '**/gradle/wrapper/**', '**/gradlew', '**/gradlew.bat', '**/buildSrc/**',
      '**/init.gradle', '**/init.gradle.kts', '**/build.sbt', '**/project/*.sbt', '**/project/build.properties',
    ],
  },
  {
    id: 'make-cmake-meson-bazel',
    // Every recipe of a makefile is a shell command; CMake, Meson and Bazel files are programs that run
    // commands at configure or build time (execute_process, run_command, genrule); .bazelrc adds flags.
    source: 'www.gnu.org/software/make/manual/make.html#Makefile-Names, cmake.org/cmake/help/latest/command/execute_process.html, mesonbuild.com/External-commands.html, bazel.build/reference/be/general#genrule, bazel.build/run/bazelrc',
    globs: [
      '**/Makefile', '**/GNUmakefile', '**/*.mk', '**/CMakeLists.txt', '**/*.cmake', '**/CMakePresets.json',
      '**/CMakeUserPresets.json', '**/meson.build', '**/meson_options.txt', '**/meson.options', '**/BUILD.bazel',
      '**/WORKSPACE', '**/WORKSPACE.bazel', '**/MODULE.bazel', '**/*.bzl', '**/.bazelrc', '**/.bazelversion',
      '**/configure.ac', '**/Makefile.am', '**/justfile', '**/Taskfile.yml', '**/Rakefile',
    ],
  },
  {
    id: 'ruby-php-dotnet',
    // Gemfiles and gemspecs are Ruby programs; composer scripts run on install; MSBuild imports
    // Directory.Build.props/targets into every project of the tree; nuget.config chooses package sources.
    source: 'bundler.io/man/gemfile.5.html, getcomposer.org/doc/articles/scripts.md, learn.microsoft.com/visualstudio/msbuild/customize-by-directory, learn.microsoft.com/nuget/reference/nuget-config-file',
    globs: [
      '**/Gemfile', '**/Gemfile.lock', '**/*.gemspec', '**/composer.json', '**/composer.lock', '**/Directory.Build.props',
      '**/Directory.Build.targets', '**/Directory.Packages.props', '**/nuget.config', '**/global.json',
    ],
  },
  {
    id: 'environment-and-containers',
    // direnv sources .envrc in the developer's shell on `cd`; mise/asdf load tools and env from their
    // files; devcontainer.json lifecycle commands (postCreateCommand…) run when the folder is reopened.
    source: 'direnv.net/man/direnv-stdlib.1.html, mise.jdx.dev/configuration.html, containers.dev/implementors/json_reference/#lifecycle-scripts, www.gitpod.io/docs/references/gitpod-yml',
    globs: ['**/.envrc', '**/.tool-versions', '**/mise.toml', '**/.mise.toml', '**/.devcontainer/**', '**/.devcontainer.json', '**/.gitpod.yml'],
  },
  {
    id: 'git-hook-managers',
    // .gitattributes selects filter, diff and merge drivers (programs named in git config) per path;
    // pre-commit and lefthook run the commands their files name on every commit.
    source: 'git-scm.com/docs/gitattributes#_filter, pre-commit.com/#plugins, github.com/evilmartians/lefthook/blob/master/docs/configuration.md',
    globs: ['**/.gitattributes', '**/.pre-commit-config.yaml', '**/.pre-commit-hooks.yaml', '**/lefthook.yml', '**/.lefthook.yml'],
  },
  {
    id: 'editor-loaded-configs',
    // The ESLint, Prettier and Stylelint extensions load these as soon as a file is opened, saved or
    // formatted: the JS forms are programs, and the data forms name code by path (`plugins`, `parser`).
    source: 'eslint.org/docs/latest/use/configure/configuration-files, eslint.org/docs/latest/use/configure/configuration-files-deprecated, prettier.io/docs/configuration, prettier.io/docs/plugins, stylelint.io/user-guide/configure, github.com/microsoft/vscode-eslint#settings-options',
    globs: [
      '**/eslint.config.{js,mjs,cjs,ts,mts,cts}', '**/.eslintrc', '**/.eslintrc.{js,cjs,json,yml,yaml}',
      '**/prettier.config.{js,mjs,cjs,ts,mts,cts}', '**/.prettierrc', '**/.prettierrc.{js,mjs,cjs,ts,mts,cts,json,json5,yml,yaml,toml}',
      '**/stylelint.config.{js,mjs,cjs,ts,mts,cts}', '**/.stylelintrc', '**/.stylelintrc.{js,mjs,cjs,json,yml,yaml}',
    ],
  },
  {
    id: 'editors',
    // JetBrains run configurations and Zed tasks name commands the IDE runs on a click.
    source: 'www.jetbrains.com/help/idea/run-debug-configuration.html, zed.dev/docs/tasks',
    globs: ['**/.idea/workspace.xml', '**/.idea/runConfigurations/**', '**/.zed/settings.json', '**/.zed/tasks.json'],
  },
];

/** Every glob of every group, for the protected entry. */
export const BUILD_FILE_GLOBS: readonly string[] = BUILD_FILE_GROUPS.flatMap((group) => group.globs);
