/** Which side pays an extreme funding rate: `longs_pay` favours shorts, `shorts_pay` favours longs. */
export type FundingExtreme = 'longs_pay' | 'shorts_pay';
