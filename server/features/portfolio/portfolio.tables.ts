/** What a school adds to its portfolio that the app cannot know. */
export interface PortfolioNotesTable {
  schoolId: string
  staffDevelopment: string
  community: string
  policy: string
  updatedBy: string
  updatedAt: string
}

export interface PortfolioTables {
  portfolioNotes: PortfolioNotesTable
}
