// Every module that registers jobs, imported before the queue opens so that each job has its
// queue before anything enqueues it. Add one line per domain.
import "@/lib/server/infra/jobs";
import "@/lib/server/slack/jobs";
import "@/lib/server/promotions/jobs";
import "@/lib/server/applications/jobs";
