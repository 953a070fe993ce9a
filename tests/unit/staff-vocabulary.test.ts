import { describe, expect, it } from "vitest";
import { EMPLOYMENT_TYPE_CODES as DB_EMPLOYMENT_TYPE_CODES, ROLE_CODES as DB_ROLE_CODES } from "../../db/schema/vocabulary";
import { EMPLOYMENT_TYPE_CODES, EMPLOYMENT_TYPES, ROLE_CODES, ROLES } from "~/staff/constants";

describe("the staff vocabulary", () => {
  it("labels every stored code, in the codes' order (the order the app lists them in)", () => {
    expect(Object.keys(EMPLOYMENT_TYPES)).toEqual([...EMPLOYMENT_TYPE_CODES]);
    expect(Object.keys(ROLES)).toEqual([...ROLE_CODES]);
  });
  it("is the schema's: the app re-exports the database layer's codes", () => {
    expect(EMPLOYMENT_TYPE_CODES).toBe(DB_EMPLOYMENT_TYPE_CODES);
    expect(ROLE_CODES).toBe(DB_ROLE_CODES);
  });
});
