-- AlterTable
ALTER TABLE "apis" ADD COLUMN     "allowed_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "strict_path_matching" BOOLEAN NOT NULL DEFAULT false;
