import { describe, expect, it } from "vitest";
import { pythonLiteral, rootElement, singular, xmlDocument } from "./flavors";

describe("remote API flavors", () => {
  const bean = {
    _class: "hudson.model.Hudson",
    useCrumbs: true,
    description: null,
    jobs: [{ _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob", name: 'a"b', color: "blue" }],
  };

  it("writes a Python literal with True/False/None", () => {
    expect(pythonLiteral(bean)).toBe(
      '{"_class":"hudson.model.Hudson","useCrumbs":True,"description":None,"jobs":[{"_class":"org.jenkinsci.plugins.workflow.job.WorkflowJob","name":"a\\"b","color":"blue"}]}',
    );
    expect(pythonLiteral([false, 1.5, "x"])).toBe('[False,1.5,"x"]');
  });

  it("writes Stapler's XML: root after the class, arrays singular, nulls left out", () => {
    expect(xmlDocument(bean)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><hudson _class="hudson.model.Hudson"><useCrumbs>true</useCrumbs><job _class="org.jenkinsci.plugins.workflow.job.WorkflowJob"><name>a&quot;b</name><color>blue</color></job></hudson>',
    );
    expect(rootElement({ _class: "hudson.model.Queue$BlockedItem" })).toBe("blockedItem");
    expect(singular("properties")).toBe("property");
    expect(singular("builds")).toBe("build");
  });
});
