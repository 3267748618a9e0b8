/**
 * How much one post counts in its hour: `1 + ln(1 + max(0, engagement))`. A post nobody reacted to
 * weighs 1; 10 reactions weigh 1 + ln 11 = 3.40; 1,000 weigh 7.91 (logarithmic, so one viral thread
 * does not drown the hour). Engagement per source (see the source readers):
 * Reddit `score + num_comments`, Discourse `like_count + reply_count`, CryptoPanic the sum of its
 * `votes`, RSS 0 (or `slash:comments` when the feed has it). Counts are as first seen.
 */
export function engagementWeight(engagement: number): number {
  return 1 + Math.log1p(Math.max(0, Number.isFinite(engagement) ? engagement : 0));
}
