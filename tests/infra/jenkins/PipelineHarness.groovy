// Runs a declarative Jenkinsfile's `pipeline { }` with every step mocked and recorded, the way
// JenkinsPipelineUnit's declarative mode does (docs/adr/0101-jenkinsfile-test-harness.md: this harness
// stands in for it until the Maven mirror serves com.lesfurets:jenkins-pipeline-unit, then goes).
// What it models, after Jenkins' own semantics (pipeline-model-definition):
//   * environment {} (credentials('id') binds the secret, *_USR/*_PSW for username/password ones),
//     parameters {} defaults overridden by the build's, and the job's built-in variables
//     (BRANCH_NAME and CHANGE_ID only in a multibranch job — a plain pipelineJob sets neither);
//   * when {}: branch (Ant-style pattern against BRANCH_NAME; false when there is none), expression,
//     environment, changeRequest, buildingTag, not/allOf/anyOf; a skipped stage runs nothing;
//   * steps: sh (recorded with the environment and bound credentials of that moment; every $VAR it
//     names must be defined then, as `set -u` would demand), withCredentials, container, script, echo,
//     error, archiveArtifacts, slackSend; a failing sh fails the build and skips the later stages;
//   * post {}: always, success, failure, unstable, aborted, changed, fixed, regression, cleanup
//     (previous build result given by the test).
// An unknown step or directive is an error, never silently recorded: the harness must grow with the
// Jenkinsfiles, or a typo would pass.
class PipelineHarness {
  static class StepFailure extends RuntimeException {
    StepFailure(String m) { super(m) }
  }

  static class Cred {
    String id
    String kind   // string | usernamePassword
  }

  /** One recorded step. */
  static class Call {
    String stage
    String step
    Object args
    Map<String, String> env
    Set<String> secrets      // names of the variables holding credentials at that moment
    String container
    String toString() { "${stage ?: '(post)'}: ${step} ${args}" }
  }

  static class Result {
    List<Call> calls = []
    List<String> ran = []        // stages whose steps ran
    Map<String, String> skipped = [:]  // stage → why
    String result = 'SUCCESS'
    List<String> problems = []   // undefined variables, unknown steps
    List<Call> sh() { calls.findAll { it.step == 'sh' } }
    List<String> scripts() { sh().collect { it.args.toString() } }
    Call shCalling(String script) { sh().find { it.args.toString().startsWith(script) } }
  }

  // The variables Jenkins gives every build (env-vars.html); BRANCH_NAME/CHANGE_* are added per job type.
  static final List<String> BUILTINS = ['BUILD_NUMBER', 'BUILD_ID', 'BUILD_URL', 'BUILD_TAG', 'JOB_NAME',
    'JOB_BASE_NAME', 'JOB_URL', 'JENKINS_URL', 'WORKSPACE', 'NODE_NAME', 'EXECUTOR_NUMBER', 'GIT_COMMIT',
    'GIT_BRANCH', 'GIT_URL', 'HOME', 'PATH']

  String file
  Map<String, String> env = [:]
  Map<String, Object> params = [:]
  Map<String, Cred> credentialStore = [:]
  Closure<Integer> shExit = { String script -> 0 }
  String previousResult = 'SUCCESS'
  Result out = new Result()
  private String stage
  private String container
  private Set<String> secrets = [] as Set
  private Closure postBlock
  private Map<String, Closure> stageBodies = [:]

  /**
   * Runs `file` as a build of a job of `jobType` ('multibranch' or 'pipeline') for `branch`
   * (a multibranch job names PR builds PR-<n> and sets CHANGE_ID). credentials: id → 'string' |
   * 'usernamePassword' (an id not listed fails the build, as Jenkins does).
   */
  static Result run(Map opts) {
    def h = new PipelineHarness(file: opts.file)
    BUILTINS.each { h.env[it] = "mock-${it.toLowerCase()}".toString() }
    h.env.JOB_NAME = opts.job ?: 'job'
    if (opts.jobType == 'multibranch') {
      h.env.BRANCH_NAME = opts.branch
      if (opts.changeId) { h.env.CHANGE_ID = opts.changeId.toString(); h.env.CHANGE_TARGET = 'main' }
    } else {
      assert opts.jobType == 'pipeline': "jobType must be multibranch or pipeline, not ${opts.jobType}"
    }
    (opts.credentials ?: [:]).each { id, kind -> h.credentialStore[id] = new Cred(id: id, kind: kind) }
    if (opts.shExit) h.shExit = opts.shExit
    if (opts.previousResult) h.previousResult = opts.previousResult
    h.params.putAll(opts.params ?: [:])
    def binding = new Binding()
    binding.setVariable('pipeline', { Closure body -> h.pipeline(body) })
    new GroovyShell(binding).evaluate(new File(opts.file).text, new File(opts.file).name)
    h.out
  }

  private Object dsl(Object delegate, Closure c) {
    def cl = (Closure) c.clone()
    cl.delegate = delegate
    cl.resolveStrategy = Closure.DELEGATE_FIRST
    cl.call()
  }

  private void problem(String p) { if (!out.problems.contains(p)) out.problems << p }

  // ---- pipeline { } -----------------------------------------------------------------------------
  void pipeline(Closure body) {
    def top = new TopDsl(this)
    dsl(top, body)
    assert top.seen.contains('agent'): "${file}: pipeline has no agent"
    assert top.stages != null: "${file}: pipeline has no stages"
    // Parameters first (their defaults are what params.X reads), then environment in order.
    params.each { k, v -> env[k] = v?.toString() }
    if (top.environment) dsl(new EnvDsl(this), top.environment)
    boolean failed = false
    top.stages.each { name, s ->
      if (failed) { out.skipped[name] = 'an earlier stage failed'; return }
      stage = name
      if (s.when && !evalWhen(s.when)) { out.skipped[name] = 'when condition false'; stage = null; return }
      out.ran << name
      try {
        dsl(new StepsDsl(this), s.steps)
      } catch (StepFailure e) {
        failed = true
        out.result = 'FAILURE'
      }
      stage = null
    }
    if (top.post) runPost(top.post)
  }

  private boolean evalWhen(Closure c) {
    def w = new WhenDsl(this)
    dsl(w, c)
    w.conditions.every { it() }
  }

  private void runPost(Closure c) {
    def p = new PostDsl()
    dsl(p, c)
    String cur = out.result
    Map<String, Boolean> applies = [
      always: true, success: cur == 'SUCCESS', failure: cur == 'FAILURE', unstable: cur == 'UNSTABLE',
      aborted: cur == 'ABORTED', changed: cur != previousResult,
      fixed: cur == 'SUCCESS' && previousResult in ['FAILURE', 'UNSTABLE'],
      regression: cur != 'SUCCESS' && previousResult == 'SUCCESS', cleanup: true,
    ]
    // Jenkins' order (BuildCondition ordinal), cleanup last.
    ['always', 'changed', 'fixed', 'regression', 'aborted', 'failure', 'success', 'unstable', 'cleanup'].each { k ->
      if (p.blocks[k] && applies[k]) {
        stage = null
        try { dsl(new StepsDsl(this), p.blocks[k]) } catch (StepFailure e) { out.result = 'FAILURE' }
      }
    }
  }

  // ---- recording ----------------------------------------------------------------------------------
  void record(String step, Object args) {
    out.calls << new Call(stage: stage, step: step, args: args, env: new LinkedHashMap(env),
      secrets: new HashSet(secrets), container: container)
  }

  Cred lookup(String id) {
    def c = credentialStore[id]
    if (!c) throw new StepFailure("credentials '${id}' not found")
    c
  }

  void bind(String variable, String value, boolean secret) {
    env[variable] = value
    if (secret) secrets << variable
  }

  // ---- DSL objects --------------------------------------------------------------------------------
  /** Options, agent, parameters, triggers: recorded as given (their effect is Jenkins', not ours). */
  class TopDsl {
    PipelineHarness h
    Set<String> seen = [] as Set
    Closure environment, post
    LinkedHashMap<String, Map> stages
    TopDsl(PipelineHarness h) { this.h = h }
    void agent(Closure c) { seen << 'agent'; h.dsl(new Recorder(), c) }
    void agent(String any) { seen << 'agent' }
    void options(Closure c) { seen << 'options'; h.dsl(new Recorder(h), c) }
    void triggers(Closure c) { seen << 'triggers'; h.dsl(new Recorder(h), c) }
    void parameters(Closure c) { h.dsl(new ParamsDsl(h), c) }
    void environment(Closure c) { environment = c }
    void post(Closure c) { post = c }
    void stages(Closure c) {
      stages = new LinkedHashMap()
      h.dsl(new StagesDsl(stages), c)
    }
    def propertyMissing(String name) {
      if (name in ['any', 'none']) return name
      throw new MissingPropertyException(name, TopDsl)
    }
    def methodMissing(String name, args) { throw new MissingMethodException(name, TopDsl, args as Object[]) }
  }

  /** Accepts any nested call: the contents of agent {} and options {} are Jenkins' business. */
  class Recorder {
    PipelineHarness h
    Recorder(PipelineHarness h = null) { this.h = h }
    def methodMissing(String name, args) {
      def a = args as Object[]
      if (a && a[-1] instanceof Closure) PipelineHarness.this.dsl(this, (Closure) a[-1])
      this
    }
    def propertyMissing(String name) {
      if (name == 'params') return PipelineHarness.this.params
      if (name == 'env') return PipelineHarness.this.env
      throw new MissingPropertyException(name, Recorder)
    }
  }

  class ParamsDsl {
    PipelineHarness h
    ParamsDsl(PipelineHarness h) { this.h = h }
    void choice(Map m) { h.params.putIfAbsent(m.name, m.choices[0]) }
    void string(Map m) { h.params.putIfAbsent(m.name, m.defaultValue ?: '') }
    void booleanParam(Map m) { h.params.putIfAbsent(m.name, m.defaultValue ?: false) }
  }

  class StagesDsl {
    Map stages
    StagesDsl(Map stages) { this.stages = stages }
    void stage(String name, Closure c) {
      def s = new StageDsl()
      PipelineHarness.this.dsl(s, c)
      assert s.steps: "stage '${name}' has no steps"
      stages[name] = [when: s.when, steps: s.steps]
    }
  }

  class StageDsl {
    Closure when, steps
    void when(Closure c) { when = c }
    void steps(Closure c) { steps = c }
  }

  class EnvDsl {
    PipelineHarness h
    EnvDsl(PipelineHarness h) { this.h = h }
    void setProperty(String name, Object value) {
      if (value instanceof Cred) {
        def c = (Cred) value
        if (c.kind == 'usernamePassword') {
          h.bind(name, "****", true); h.bind("${name}_USR".toString(), "user-${c.id}".toString(), false)
          h.bind("${name}_PSW".toString(), "****", true)
        } else {
          h.bind(name, "****", true)
        }
      } else {
        h.env[name] = value?.toString()
      }
    }
    Object getProperty(String name) {
      if (name == 'h') return this.@h
      if (name == 'params') return h.params
      if (name == 'env') return h.env
      if (h.env.containsKey(name)) return h.env[name]
      throw new MissingPropertyException(name, EnvDsl)
    }
    Cred credentials(String id) { h.lookup(id) }
  }

  class WhenDsl {
    PipelineHarness h
    List<Closure<Boolean>> conditions = []
    WhenDsl(PipelineHarness h) { this.h = h }
    void branch(String pattern) { conditions << { h.env.BRANCH_NAME != null && antMatch(pattern, h.env.BRANCH_NAME) } }
    void branch(Map m) { branch((String) m.pattern) }
    void changeRequest() { conditions << { h.env.CHANGE_ID != null } }
    void buildingTag() { conditions << { h.env.TAG_NAME != null } }
    void environment(Map m) { conditions << { h.env[m.name] == m.value } }
    void expression(Closure c) { conditions << { h.dsl(new ExprDsl(h), c) as boolean } }
    void beforeAgent(boolean b) {}
    void not(Closure c) { def w = sub(c); conditions << { !w.conditions.every { it() } } }
    void allOf(Closure c) { def w = sub(c); conditions << { w.conditions.every { it() } } }
    void anyOf(Closure c) { def w = sub(c); conditions << { w.conditions.any { it() } } }
    private WhenDsl sub(Closure c) { def w = new WhenDsl(h); h.dsl(w, c); w }
  }

  /** What an expression {} can read: env, params, currentBuild (steps {} read the same, StepsDsl). */
  class ExprDsl {
    PipelineHarness h
    ExprDsl(PipelineHarness h) { this.h = h }
    Object getProperty(String name) {
      if (name == 'h') return this.@h
      if (name == 'env') return h.env
      if (name == 'params') return h.params
      if (name == 'currentBuild') return [result: h.out.result, currentResult: h.out.result]
      throw new MissingPropertyException(name, this.getClass())
    }
  }

  class PostDsl {
    Map<String, Closure> blocks = [:]
    def methodMissing(String name, args) {
      def known = ['always', 'success', 'failure', 'unstable', 'aborted', 'changed', 'fixed', 'regression', 'cleanup']
      if (!(name in known)) throw new MissingMethodException(name, PostDsl, args as Object[])
      blocks[name] = (Closure) (args as Object[])[0]
    }
  }

  class StepsDsl extends ExprDsl {
    StepsDsl(PipelineHarness h) { super(h) }

    def sh(String script) { sh(script: script) }
    def sh(Map m) {
      String script = m.script
      // Every $VAR / ${VAR} the command names must be set now (the scripts run with set -u).
      (script =~ /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/).each { all, v ->
        if (!h.env.containsKey(v)) h.problem("stage '${h.stage}': sh '${script}' uses \$${v}, which is not set there")
      }
      h.record('sh', script)
      int code = h.shExit(script)
      if (m.returnStatus) return code
      if (code != 0) throw new StepFailure("sh '${script}' exited ${code}")
      m.returnStdout ? '' : null
    }

    def withCredentials(List bindings, Closure body) {
      def saved = new LinkedHashMap(h.env)
      def savedSecrets = new HashSet(h.secrets)
      h.record('withCredentials', bindings.collect { it.id })
      bindings.each { b -> b.apply() }
      try { h.dsl(this, body) } finally { h.env = saved; h.secrets = savedSecrets }
    }
    // Binding factories (credentials-binding and git plugins): they check the credential exists and its kind.
    Map string(Map m) { [id: m.credentialsId, apply: { need(m.credentialsId, 'string'); h.bind(m.variable, '****', true) }] }
    Map usernamePassword(Map m) {
      [id: m.credentialsId, apply: {
        need(m.credentialsId, 'usernamePassword')
        h.bind(m.usernameVariable, "user-${m.credentialsId}".toString(), false); h.bind(m.passwordVariable, '****', true)
      }]
    }
    Map gitUsernamePassword(Map m) {
      [id: m.credentialsId, apply: {
        need(m.credentialsId, 'usernamePassword')
        h.bind('GIT_USERNAME', "user-${m.credentialsId}".toString(), false); h.bind('GIT_PASSWORD', '****', true)
      }]
    }
    private void need(String id, String kind) {
      def c = h.lookup(id)
      if (c.kind != kind) throw new StepFailure("credentials '${id}' is a ${c.kind}, not a ${kind}")
    }

    def container(String name, Closure body) {
      def saved = h.container
      h.container = name
      try { h.dsl(this, body) } finally { h.container = saved }
    }
    def script(Closure body) { h.dsl(this, body) }
    def echo(String m) { h.record('echo', m) }
    def error(String m) { h.record('error', m); throw new StepFailure(m) }
    def archiveArtifacts(Map m) { h.record('archiveArtifacts', m) }
    def slackSend(Map m) { h.record('slackSend', m) }

    def methodMissing(String name, args) {
      h.problem("unknown step '${name}' (add it to tests/infra/jenkins/PipelineHarness.groovy with Jenkins' semantics)")
      throw new StepFailure("unknown step ${name}")
    }
  }

  /** Ant-style pattern, as declarative's branch condition matches BRANCH_NAME (`*`, `**`, `?`). */
  static boolean antMatch(String pattern, String value) {
    def re = new StringBuilder()
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i)
      if (ch == '*' as char) {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*' as char) { re << '.*'; i++ } else re << '[^/]*'
      } else if (ch == '?' as char) re << '[^/]'
      else re << java.util.regex.Pattern.quote(ch.toString())
    }
    value ==~ re.toString()
  }
}
