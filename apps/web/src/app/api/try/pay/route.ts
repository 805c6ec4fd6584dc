import { handleTryPay } from "@/server/tryit/pay-route";

export const dynamic = "force-dynamic";

/** Step 2 of Try it (development): pay the challenge's invoice from the simnet builder wallet. */
export const POST = handleTryPay;
