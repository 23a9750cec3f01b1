"""The keuzemenu: the 8 modalities of municipal global cooperation and the wegwijzer."""
