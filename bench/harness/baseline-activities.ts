/** The no-op activity of the baselines, registered next to the production activities. */
export const baselineActivities = {
  async noopActivity(): Promise<void> {
    return;
  },
};

export type BaselineActivities = typeof baselineActivities;
