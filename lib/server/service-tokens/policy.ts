// What a service token may do. Pure: the route and the promotion service both ask it.

/** A caller authenticated by a service token. */
export type ServiceCaller = { kind: "service_token"; id: string; name: string; role: "ci"; environments: string[] };

/** A "ci" token may request promotions, to its environments (all when it names none), and nothing else. */
export function serviceTokenMay(caller: ServiceCaller, action: string, environment: string): boolean {
  return (
    action === "promotion.request" && (caller.environments.length === 0 || caller.environments.includes(environment))
  );
}
