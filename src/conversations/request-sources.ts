/** Where a number came from: the basis for asking to text it. No "purchased list", on purpose. */
export const REQUEST_SOURCES: Record<string, string> = {
  in_person: "Customer gave it in person",
  web_lead: "Web lead / form",
  phone_call: "Phone call",
  existing_customer: "Existing customer",
};
