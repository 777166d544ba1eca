-- CreateTable
CREATE TABLE "ExerciseCompletion" (
    "learnerId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "completedAt" DATETIME NOT NULL,

    PRIMARY KEY ("learnerId", "exerciseId"),
    CONSTRAINT "ExerciseCompletion_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

