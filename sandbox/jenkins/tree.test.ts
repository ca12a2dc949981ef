import { describe, expect, it } from "vitest";
import { applyTree, parseTree } from "./tree";

describe("Jenkins ?tree=", () => {
  const job = {
    _class: "Job",
    name: "plan",
    url: "u",
    builds: [
      { _class: "Run", number: 3, result: null, url: "3" },
      { _class: "Run", number: 2, result: "SUCCESS", url: "2" },
      { _class: "Run", number: 1, result: "FAILURE", url: "1" },
    ],
  };
  it("keeps the named fields and _class", () => {
    expect(applyTree(job, parseTree("name"))).toEqual({ _class: "Job", name: "plan" });
  });
  it("recurses into arrays with a range", () => {
    expect(applyTree(job, parseTree("name,builds[number,result]{1,3}"))).toEqual({
      _class: "Job",
      name: "plan",
      builds: [
        { _class: "Run", number: 2, result: "SUCCESS" },
        { _class: "Run", number: 1, result: "FAILURE" },
      ],
    });
    expect(applyTree(job, parseTree("builds[number]{,1}"))).toEqual({
      _class: "Job",
      builds: [{ _class: "Run", number: 3 }],
    });
  });
});
