// Executes the three Jenkinsfiles with PipelineHarness (mocked, recorded steps) and the Job DSL seed with
// JobDslSeed, and checks what a build would do: which stages run on which branch of which kind of job,
// which credentials each script call gets, and what is posted when a build fails or is fixed.
// Usage (tests/infra/run-all.sh jenkins, which extracts both files from infra/jenkins/values.yaml):
//   java -cp groovy-5.jar:tests/infra/jenkins groovy.ui.GroovyMain tests/infra/jenkins/JenkinsfileTests.groovy <seed.groovy> <credentials.properties>
// Prints one line per test and "N passed, N failed"; exits 1 on any failure.

assert args.length == 2: 'usage: JenkinsfileTests.groovy <job-dsl seed> <credentials id=kind file>, both from infra/jenkins/values.yaml'
def seedFile = args[0]
// The credentials JCasC defines (infra/jenkins/values.yaml), id → kind (string | usernamePassword).
def credProps = new Properties()
new File(args[1]).withReader { credProps.load(it) }
Map<String, String> creds = credProps.collectEntries { k, v -> [k, v] }
assert creds.size() >= 8
def app = { Map o -> PipelineHarness.run([file: 'Jenkinsfile', job: 'nura-app-pipeline', credentials: creds] + o) }
def deployStages = ['Image', 'GitOps publish', 'GitOps commit (dev)', 'Argo CD sync (dev)', 'Smoke test (dev)',
                    'Load test (dev)', 'Request staging promotion']
def tests = [:]

tests['the seed makes nura-app-pipeline a multibranch job of this repository running Jenkinsfile, re-indexed by a trigger'] = {
  def jobs = JobDslSeed.evaluate(new File(seedFile).text)
  assert jobs*.name.sort() == ['nura-app-pipeline', 'nura-infra-apply', 'nura-infra-plan']
  def job = jobs.find { it.name == 'nura-app-pipeline' }
  assert job.type == 'multibranchPipelineJob'
  assert job.scriptPath() == 'Jenkinsfile'
  assert job.body.find('remote').arg() == 'https://git.nura.example.com/platform/nura-platform-portal.git'
  assert job.body.find('gitBranchDiscovery') != null
  assert job.body.find('triggers')?.find('periodicFolderTrigger') != null
  jobs.findAll { it.name != 'nura-app-pipeline' }.each { assert it.type == 'pipelineJob' && it.body.find('branch').arg() == '*/main' }
}

tests['on main, the job kind the seed declares runs every deploy stage'] = {
  def job = JobDslSeed.evaluate(new File(seedFile).text).find { it.name == 'nura-app-pipeline' }
  def r = app(jobType: job.type == 'multibranchPipelineJob' ? 'multibranch' : 'pipeline', branch: 'main')
  assert r.problems == []
  assert r.result == 'SUCCESS'
  assert r.ran == ['Build', 'Unit tests', 'Coverage gate'] + deployStages
}

tests['a plain pipelineJob (no BRANCH_NAME) would deploy nothing: the defect the multibranch job fixes'] = {
  def r = app(jobType: 'pipeline')
  assert r.ran == ['Build', 'Unit tests', 'Coverage gate']
  deployStages.each { assert r.skipped[it] == 'when condition false' }
}

tests['main: each deploy script runs with exactly the credentials it needs, in order'] = {
  def r = app(jobType: 'multibranch', branch: 'main')
  assert r.scripts() == [
    'scripts/ci/app-build.sh', 'scripts/ci/app-test.sh', 'scripts/ci/coverage-gate.sh',
    'scripts/ci/image-build-push.sh "$IMAGE_REPOSITORY"',
    'scripts/ci/gitops-publish.sh', 'scripts/ci/gitops-set-tag.sh "$APP" dev',
    'scripts/ci/argocd-sync-wait.sh "$APP-dev" 600 pushed', 'scripts/ci/smoke-test.sh "$DEV_URL" /api/health',
    'scripts/ci/load-test.sh "$DEV_URL"', 'scripts/ci/request-promotion.sh "$APP" dev staging',
  ]
  def secretsOf = { String s -> r.shCalling(s).secrets }
  assert secretsOf('scripts/ci/app-build.sh') == [] as Set
  assert secretsOf('scripts/ci/app-test.sh') == [] as Set
  assert secretsOf('scripts/ci/coverage-gate.sh') == [] as Set
  assert secretsOf('scripts/ci/image-build-push.sh') == [] as Set
  assert r.shCalling('scripts/ci/image-build-push.sh').container == 'kaniko'
  assert secretsOf('scripts/ci/gitops-publish.sh') == ['GIT_PASSWORD'] as Set
  assert secretsOf('scripts/ci/gitops-set-tag.sh') == ['GIT_PASSWORD'] as Set
  assert r.shCalling('scripts/ci/gitops-set-tag.sh').env.GIT_USERNAME == 'user-nura-gitops-push'
  assert secretsOf('scripts/ci/argocd-sync-wait.sh') == ['ARGOCD_TOKEN'] as Set
  assert secretsOf('scripts/ci/smoke-test.sh') == [] as Set
  assert secretsOf('scripts/ci/load-test.sh') == [] as Set
  assert r.shCalling('scripts/ci/load-test.sh').env.DEV_URL == 'https://portal.dev.nura.example.com'
  assert secretsOf('scripts/ci/request-promotion.sh') == ['PORTAL_TOKEN'] as Set
  def promo = r.shCalling('scripts/ci/request-promotion.sh')
  assert promo.env.APP == 'nura-portal' && promo.env.PORTAL_URL == 'https://portal.nura.example.com'
  assert r.shCalling('scripts/ci/gitops-set-tag.sh').env.GITOPS_REPO_URL == 'https://git.nura.example.com/platform/nura-gitops.git'
  // Credentials are bound only inside their withCredentials block.
  assert !r.shCalling('scripts/ci/smoke-test.sh').env.containsKey('ARGOCD_TOKEN')
}

tests['a change request (PR-12) and a feature branch build, test and pass the coverage gate, but deploy nothing and bind no credential'] = {
  [app(jobType: 'multibranch', branch: 'PR-12', changeId: 12), app(jobType: 'multibranch', branch: 'feature/login')].each { r ->
    assert r.problems == []
    assert r.ran == ['Build', 'Unit tests', 'Coverage gate']
    assert r.calls.findAll { it.step == 'withCredentials' } == []
    assert r.sh().every { it.secrets.isEmpty() }
    assert r.result == 'SUCCESS'
  }
}

tests['a failing unit test stops the build before the image and posts the failure to Slack'] = {
  def r = app(jobType: 'multibranch', branch: 'main', shExit: { it == 'scripts/ci/app-test.sh' ? 1 : 0 })
  assert r.result == 'FAILURE'
  assert r.ran == ['Build', 'Unit tests']
  (['Coverage gate'] + deployStages).each { assert r.skipped[it] == 'an earlier stage failed' }
  def notify = r.shCalling('scripts/ci/notify-slack.sh')
  assert notify.args == 'scripts/ci/notify-slack.sh failure'
  assert notify.secrets == ['SLACK_WEBHOOK_URL'] as Set
  assert r.calls.find { it.step == 'archiveArtifacts' }.args.artifacts == 'artifacts/**'
}

tests['coverage below the gate (exit 11) fails the build before the image, on a PR as on main'] = {
  def below = { it == 'scripts/ci/coverage-gate.sh' ? 11 : 0 }
  [app(jobType: 'multibranch', branch: 'main', shExit: below), app(jobType: 'multibranch', branch: 'PR-3', changeId: 3, shExit: below)].each { r ->
    assert r.result == 'FAILURE'
    assert r.ran == ['Build', 'Unit tests', 'Coverage gate']
    assert r.shCalling('scripts/ci/image-build-push.sh') == null
    assert r.scripts().contains('scripts/ci/notify-slack.sh failure')
  }
}

tests['a green build after a red one posts "fixed"; a green build after a green one posts nothing'] = {
  def fixed = app(jobType: 'multibranch', branch: 'main', previousResult: 'FAILURE')
  assert fixed.scripts().findAll { it.startsWith('scripts/ci/notify-slack.sh') } == ['scripts/ci/notify-slack.sh fixed']
  def quiet = app(jobType: 'multibranch', branch: 'main', previousResult: 'SUCCESS')
  assert quiet.scripts().findAll { it.startsWith('scripts/ci/notify-slack.sh') } == []
}

tests['a failed load test (exit 9) requests no staging promotion'] = {
  def r = app(jobType: 'multibranch', branch: 'main', shExit: { it.startsWith('scripts/ci/load-test.sh') ? 9 : 0 })
  assert r.result == 'FAILURE'
  assert r.skipped['Request staging promotion'] == 'an earlier stage failed'
  assert r.shCalling('scripts/ci/request-promotion.sh') == null
}

tests['the app pipeline fails when a credential it binds does not exist in Jenkins'] = {
  def r = PipelineHarness.run(file: 'Jenkinsfile', job: 'nura-app-pipeline', jobType: 'multibranch', branch: 'main',
    credentials: creds.findAll { k, v -> k != 'nura-argocd-jenkins-token' })
  assert r.result == 'FAILURE'
  assert r.shCalling('scripts/ci/argocd-sync-wait.sh') == null
  assert r.shCalling('scripts/ci/request-promotion.sh') == null
}

['dev', 'staging', 'prod'].each { env ->
  tests["plan of ${env}: tofu-plan.sh with that environment's Redis token bound"] = {
    def r = PipelineHarness.run(file: 'infra/jenkins/Jenkinsfile.plan', jobType: 'pipeline', credentials: creds,
      params: [ENVIRONMENT: env, REQUESTED_BY: 'alice'])
    assert r.problems == []
    assert r.result == 'SUCCESS'
    assert r.ran == ['Toolchain', 'Plan']
    def plan = r.shCalling('scripts/ci/tofu-plan.sh')
    assert plan.env.ENVIRONMENT == env
    assert plan.secrets == ['TF_VAR_redis_auth_token'] as Set
    assert r.calls.find { it.step == 'archiveArtifacts' }.args.artifacts.contains('artifacts/plan.sha256')
  }
}

tests['plan without ENVIRONMENT uses the first choice (dev), as Jenkins does for a choice parameter'] = {
  def r = PipelineHarness.run(file: 'infra/jenkins/Jenkinsfile.plan', jobType: 'pipeline', credentials: creds)
  assert r.shCalling('scripts/ci/tofu-plan.sh').env.ENVIRONMENT == 'dev'
}

tests['apply: fetch-plan.sh gets the artifact reader (USR/PSW), tofu-apply.sh the approved hash'] = {
  def r = PipelineHarness.run(file: 'infra/jenkins/Jenkinsfile.apply', jobType: 'pipeline', credentials: creds,
    params: [ENVIRONMENT: 'prod', PLAN_RUN_ID: '41', PLAN_SHA256: 'ab' * 32, APPROVED_BY: 'bob,carol'])
  assert r.problems == []
  assert r.ran == ['Toolchain', 'Fetch plan', 'Apply']
  def fetch = r.shCalling('scripts/ci/fetch-plan.sh')
  assert fetch.env.JENKINS_API_USR == 'user-nura-jenkins-artifact-reader'
  assert fetch.secrets.containsAll(['JENKINS_API', 'JENKINS_API_PSW', 'TF_VAR_redis_auth_token'])
  assert r.shCalling('scripts/ci/tofu-apply.sh').env.PLAN_SHA256 == 'ab' * 32
}

tests['apply: a failed fetch never reaches tofu-apply.sh'] = {
  def r = PipelineHarness.run(file: 'infra/jenkins/Jenkinsfile.apply', jobType: 'pipeline', credentials: creds,
    params: [ENVIRONMENT: 'dev', PLAN_RUN_ID: '41', PLAN_SHA256: 'cd' * 32],
    shExit: { it.startsWith('scripts/ci/fetch-plan.sh') ? 5 : 0 })
  assert r.result == 'FAILURE'
  assert r.skipped['Apply'] == 'an earlier stage failed'
  assert r.shCalling('scripts/ci/tofu-apply.sh') == null
}

// The harness itself: a broken expectation must be seen as broken.
tests['harness: branch patterns match as Jenkins\' Ant-style ones do'] = {
  assert PipelineHarness.antMatch('main', 'main')
  assert !PipelineHarness.antMatch('main', 'main2')
  assert PipelineHarness.antMatch('release/*', 'release/1.2')
  assert !PipelineHarness.antMatch('release/*', 'release/1/2')
  assert PipelineHarness.antMatch('release/**', 'release/1/2')
}

tests['harness: an sh naming an unset variable and an unknown step are reported'] = {
  def f = File.createTempFile('Jenkinsfile', '')
  f.text = '''pipeline { agent any; stages { stage('x') { steps { sh 'scripts/ci/x.sh "$NOPE"'; frobnicate() } } } }'''
  def r = PipelineHarness.run(file: f.path, jobType: 'pipeline')
  f.delete()
  assert r.problems.any { it.contains('$NOPE') }
  assert r.problems.any { it.contains("unknown step 'frobnicate'") }
  assert r.result == 'FAILURE'
}

int passed = 0, failed = 0
tests.each { name, body ->
  try {
    body()
    println "ok   ${name}"
    passed++
  } catch (Throwable e) {
    println "FAIL ${name}\n${e.message?.readLines()?.take(40)?.join('\n')}"
    failed++
  }
}
println "${passed} passed, ${failed} failed"
System.exit(failed ? 1 : 0)
