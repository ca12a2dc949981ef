// Evaluates the Job DSL seed script of infra/jenkins/values.yaml (JCasC `jobs:`) and records the jobs it
// declares as a tree of calls, so a test can ask what kind of job runs a Jenkinsfile and what triggers it.
// Only the top-level job factories the seed may use are known; nested calls are recorded as given (Job
// DSL itself validates their names when Jenkins loads the seed).
class JobDslSeed {
  static class Node {
    String name
    List args = []
    List<Node> children = []
    /** The first descendant (depth-first) called `name`. */
    Node find(String name) {
      for (c in children) {
        if (c.name == name) return c
        def d = c.find(name)
        if (d) return d
      }
      null
    }
    List<Node> findAll(String name) {
      children.collectMany { c -> (c.name == name ? [c] : []) + c.findAll(name) }
    }
    Object arg() { args ? args[0] : null }
  }

  static class Job {
    String type   // pipelineJob | multibranchPipelineJob
    String name
    Node body
    /** The Jenkinsfile this job runs. */
    String scriptPath() { body.find('scriptPath')?.arg() }
  }

  List<Job> jobs = []

  static List<Job> evaluate(String script) {
    def seed = new JobDslSeed()
    def binding = new Binding()
    ['pipelineJob', 'multibranchPipelineJob'].each { type ->
      binding.setVariable(type, { String name, Closure body ->
        def root = new Node(name: type, args: [name])
        seed.record(root, body)
        seed.jobs << new Job(type: type, name: name, body: root)
      })
    }
    new GroovyShell(binding).evaluate(script, 'seed.groovy')
    seed.jobs
  }

  private void record(Node parent, Closure body) {
    def rec = new Rec(parent: parent, seed: this)
    def c = (Closure) body.clone()
    c.delegate = rec
    c.resolveStrategy = Closure.DELEGATE_ONLY
    c.call()
  }

  class Rec {
    Node parent
    JobDslSeed seed
    def methodMissing(String name, args) {
      def a = (args as Object[]).toList()
      def node = new Node(name: name)
      parent.children << node
      if (a && a[-1] instanceof Closure) {
        node.args = a[0..<-1]
        seed.record(node, (Closure) a[-1])
      } else {
        node.args = a
      }
      node
    }
  }
}
