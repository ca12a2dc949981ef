// Parses each Jenkinsfile given on the command line with Groovy 2.4 (the version Jenkins' pipeline
// engine runs) up to the CONVERSION phase: a syntax error fails with file, line and column. Then walks
// the AST and checks the declarative shape: one pipeline { } with agent, stages, and every stage's
// steps made only of sh 'scripts/ci/…' calls (optionally wrapped in container/withCredentials).
import org.codehaus.groovy.ast.ASTNode
import org.codehaus.groovy.ast.CodeVisitorSupport
import org.codehaus.groovy.ast.builder.AstBuilder
import org.codehaus.groovy.ast.expr.*
import org.codehaus.groovy.control.CompilePhase
import org.codehaus.groovy.control.MultipleCompilationErrorsException

int failures = 0
args.each { path ->
  def text = new File(path).text
  List<ASTNode> nodes
  try {
    nodes = new AstBuilder().buildFromString(CompilePhase.CONVERSION, false, text)
  } catch (MultipleCompilationErrorsException e) {
    System.err.println("FAIL ${path}: ${e.message}")
    failures++
    return
  }
  def calls = []
  def shArgs = []
  nodes.findAll { it instanceof org.codehaus.groovy.ast.stmt.Statement }.each { node ->
    node.visit(new CodeVisitorSupport() {
      void visitMethodCallExpression(MethodCallExpression call) {
        calls << call.methodAsString
        if (call.methodAsString == 'sh') {
          def a = call.arguments
          def first = (a instanceof ArgumentListExpression && a.expressions) ? a.expressions[0] : null
          shArgs << (first instanceof ConstantExpression ? first.value : null)
        }
        super.visitMethodCallExpression(call)
      }
    })
  }
  def problems = []
  if (calls.count('pipeline') != 1) problems << "expected exactly one pipeline { } block"
  ['agent', 'stages', 'stage', 'steps'].each { if (!calls.contains(it)) problems << "no ${it} block" }
  if (!shArgs) problems << "no sh steps"
  shArgs.each { if (!(it instanceof String) || !it.startsWith('scripts/ci/')) problems << "sh step is not a scripts/ci/ call: ${it}" }
  def allowed = ['pipeline', 'agent', 'kubernetes', 'inheritFrom', 'defaultContainer', 'parameters', 'choice', 'string',
                 'options', 'lock', 'timeout', 'buildDiscarder', 'logRotator', 'disableConcurrentBuilds', 'timestamps',
                 'ansiColor', 'environment', 'credentials', 'stages', 'stage', 'steps', 'sh', 'when', 'branch',
                 'container', 'withCredentials', 'gitUsernamePassword', 'post', 'always', 'failure', 'fixed', 'archiveArtifacts']
  (calls.unique() - allowed).each { problems << "unexpected step or directive '${it}' (Groovy logic belongs in scripts/ci/)" }
  if (problems) {
    problems.each { System.err.println("FAIL ${path}: ${it}") }
    failures++
  } else {
    println "ok   ${path}: parsed, ${shArgs.size()} sh steps, all scripts/ci/"
  }
}
System.exit(failures ? 1 : 0)
