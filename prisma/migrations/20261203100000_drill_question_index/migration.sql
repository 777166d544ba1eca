-- DropIndex
DROP INDEX "DrillRunQuestion_questionId_idx";

