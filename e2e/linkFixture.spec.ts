import { linkClasses } from './fixtures/links.js'
import { expect, test } from './fixtures/people.js'

test("a link made by the fixture shows on both teachers' link lists", async ({ london, nairobi }) => {
  const link = await linkClasses([london, nairobi])
  for (const teacher of [london, nairobi]) {
    const res = await teacher.page.request.get(`/api/links/${link.linkId}`)
    expect(res.status()).toBe(200)
    expect(((await res.json()) as { classes: unknown[] }).classes).toHaveLength(2)
  }
})
